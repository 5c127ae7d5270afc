"""The lab's decisions on a request."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.intake.audit import IntakeAction
from labnet.projects.services import project_create

from .. import clock, emails
from ..attachments import attachments_to_project
from ..enums import (
    ALLOWED_DECISIONS,
    CLOSED_STATUSES,
    RequestDecision,
    RequestEventKind,
    RequestStatus,
)
from ..hooks import request_closed
from ..models import BoostSlot, Request
from ..rules import require_can_decide
from .base import check_receiving, check_version, field_error, history_event, lock_request


def _decision_error(locked: Request, decision: str) -> ValidationError:
    return ValidationError(
        _("« %(decision)s » n'est pas possible pour une demande %(status)s.")
        % {
            "decision": RequestDecision(decision).label,
            "status": locked.get_status_display(),
        },
        code="invalid_transition",
    )


def _first_answer(locked: Request, now: datetime) -> None:
    # Measured once, against the commitment of the lab that answered first.
    if locked.first_answered_at is None:
        locked.first_answered_at = now
        locked.first_answer_lab = locked.lab
        locked.first_answer_commitment_hours = locked.lab.first_answer_hours


def _free_slots(lab, now):
    return BoostSlot.objects.filter(lab=lab, request__isnull=True, starts_at__gt=now)


# The audit action each decision records: the name of its service.
DECISION_ACTIONS = {
    RequestDecision.ACCEPT: IntakeAction.REQUEST_ACCEPT,
    RequestDecision.BOOST: IntakeAction.REQUEST_OFFER_BOOST,
    RequestDecision.REDIRECT_LAB: IntakeAction.REQUEST_REDIRECT_TO_LAB,
    RequestDecision.REDIRECT_OUT: IntakeAction.REQUEST_REDIRECT_OUT,
    RequestDecision.ASK_INFO: IntakeAction.REQUEST_ASK_INFO,
    RequestDecision.DECLINE: IntakeAction.REQUEST_DECLINE,
}


@dataclass
class _Outcome:
    """What a decision did to the locked request, for its history entry and audit."""

    kind: str
    message: str = ""
    to_lab: object = None
    changes: dict = field(default_factory=dict)
    tell_new_lab: bool = False


def _decide(decision, apply, actor, request, version, message, channel) -> Request:
    """The frame every decision shares.

    Locks the request, checks the version the decider saw, who decides and that the
    decision is possible in the request's state (`ALLOWED_DECISIONS`), records the time
    to first answer (before any change of lab: it is measured against this lab's word),
    then lets `apply(locked, now)` validate and change the request, and writes the
    history entry, the audit entry and the e-mails.
    """
    with transaction.atomic():
        locked = lock_request(request)
        check_version(locked, version)
        require_can_decide(actor, locked)
        if decision not in ALLOWED_DECISIONS.get(locked.status, set()):
            raise _decision_error(locked, decision)
        now = timezone.now()
        deciding_lab, before = locked.lab, locked.status
        _first_answer(locked, now)
        outcome = apply(locked, now)
        locked.version += 1
        locked.save()
        history_event(
            locked,
            outcome.kind,
            actor=actor,
            lab=deciding_lab,
            to_lab=outcome.to_lab,
            message=outcome.message,
        )
        audit_record(
            actor=actor,
            action=DECISION_ACTIONS[decision],
            target=locked,
            changes={"status": [before, locked.status], **outcome.changes},
            channel=channel,
        )
        emails.send_decision(
            request=locked,
            decision=decision,
            lab=deciding_lab,
            message=message if decision != RequestDecision.DECLINE else "",
        )
        if outcome.tell_new_lab:
            emails.send_new_request(request=locked, passed_on_by=deciding_lab, message=message)
        if locked.status in CLOSED_STATUSES:
            # Later domains act on a closed request (labnet.impact sends its survey).
            request_closed.fire(request=locked, status=locked.status)
    return locked


def request_accept(
    *, actor, request: Request, version, message: str = "", channel=AuditEntry.Channel.WEB
) -> Request:
    """Accept: a project is created in accompaniment, led by the lab, from the request."""
    message = (message or "").strip()

    def apply(locked, now):
        project = project_create(
            actor=actor,
            lead_lab=locked.lab,
            title=locked.title,
            objective=locked.problem,
            region=locked.region,
            themes=list(locked.themes.all()),
            organisations=[locked.organisation] if locked.organisation_id else [],
            channel=channel,
        )
        locked.project = project
        # The request's files follow it: they become the project's documents.
        attachments_to_project(actor=actor, request=locked, project=project)
        locked.status = RequestStatus.ACCEPTED
        return _Outcome(
            RequestEventKind.ACCEPTED, message, changes={"project": [None, project.key]}
        )

    return _decide(RequestDecision.ACCEPT, apply, actor, request, version, message, channel)


def request_offer_boost(
    *, actor, request: Request, version, message: str = "", channel=AuditEntry.Channel.WEB
) -> Request:
    """Offer a "coup de pouce" session: the author books one of the lab's free slots."""
    message = (message or "").strip()

    def apply(locked, now):
        if not _free_slots(locked.lab, now).exists():
            raise field_error(
                "decision",
                _(
                    "Publiez d'abord au moins un créneau de coup de pouce libre : "
                    "l'auteur en choisira un."
                ),
                code="no_free_slot",
            )
        locked.status = RequestStatus.BOOST_OFFERED
        return _Outcome(RequestEventKind.BOOST_OFFERED, message)

    return _decide(RequestDecision.BOOST, apply, actor, request, version, message, channel)


def request_redirect_to_lab(
    *, actor, request: Request, version, lab, message: str = "", channel=AuditEntry.Channel.WEB
) -> Request:
    """Pass the request on, with its history, to `lab`, whose answer clock starts now."""
    message = (message or "").strip()

    def apply(locked, now):
        if lab is None:
            raise ValidationError(
                {"lab": _("Choisissez le laboratoire auquel transmettre la demande.")}
            )
        if lab.pk == locked.lab.pk:
            raise ValidationError({"lab": _("La demande est déjà dans ce laboratoire.")})
        check_receiving(lab)
        deciding_lab = locked.lab
        locked.lab = lab
        locked.status = RequestStatus.SUBMITTED
        # The new lab's commitment counts from now, not from the first sending.
        locked.answer_due_at = clock.answer_due_at(lab=lab, submitted_at=now)
        return _Outcome(
            RequestEventKind.REDIRECTED_LAB,
            message,
            to_lab=lab,
            changes={"lab": [deciding_lab.key, lab.key]},
            tell_new_lab=True,
        )

    return _decide(RequestDecision.REDIRECT_LAB, apply, actor, request, version, message, channel)


def request_redirect_out(
    *,
    actor,
    request: Request,
    version,
    service: str,
    message: str = "",
    channel=AuditEntry.Channel.WEB,
) -> Request:
    """Point the author to `service`, outside the network."""
    service, message = (service or "").strip(), (message or "").strip()

    def apply(locked, now):
        if not service:
            raise ValidationError(
                {"service": _("Indiquez le service vers lequel réorienter l'auteur.")}
            )
        locked.redirect_service = service[:300]
        locked.status = RequestStatus.REDIRECTED
        return _Outcome(
            RequestEventKind.REDIRECTED_OUT,
            f"{service}\n\n{message}" if message else service,
        )

    return _decide(RequestDecision.REDIRECT_OUT, apply, actor, request, version, message, channel)


def request_ask_info(
    *, actor, request: Request, version, message: str, channel=AuditEntry.Channel.WEB
) -> Request:
    """Ask the author a question (`message`); the request waits on them."""
    message = (message or "").strip()

    def apply(locked, now):
        if not message:
            raise ValidationError({"message": _("Écrivez la question à poser à l'auteur.")})
        locked.status = RequestStatus.WAITING_AUTHOR
        return _Outcome(RequestEventKind.INFO_REQUESTED, message)

    return _decide(RequestDecision.ASK_INFO, apply, actor, request, version, message, channel)


def request_decline(
    *, actor, request: Request, version, reason: str, channel=AuditEntry.Channel.WEB
) -> Request:
    """Decline, with a `reason` sent to the author."""
    reason = (reason or "").strip()

    def apply(locked, now):
        if not reason:
            raise ValidationError(
                {"reason": _("Indiquez le motif du refus : il sera transmis à l'auteur.")}
            )
        locked.decline_reason = reason
        locked.status = RequestStatus.DECLINED
        return _Outcome(RequestEventKind.DECLINED, reason)

    return _decide(RequestDecision.DECLINE, apply, actor, request, version, "", channel)


# Each decision's service and the arguments of `request_decide` it takes.
DECISION_SERVICES = {
    RequestDecision.ACCEPT: (request_accept, ("message",)),
    RequestDecision.BOOST: (request_offer_boost, ("message",)),
    RequestDecision.REDIRECT_LAB: (request_redirect_to_lab, ("lab", "message")),
    RequestDecision.REDIRECT_OUT: (request_redirect_out, ("service", "message")),
    RequestDecision.ASK_INFO: (request_ask_info, ("message",)),
    RequestDecision.DECLINE: (request_decline, ("reason",)),
}


def request_decide(
    *,
    actor,
    request: Request,
    decision: str,
    version,
    reason: str = "",
    lab=None,
    service: str = "",
    message: str = "",
    channel=AuditEntry.Channel.WEB,
) -> Request:
    """The lab's answer to a request, one of `RequestDecision`, by its own service.

    The first decision of a lab records the time to first answer.
    """
    if decision not in RequestDecision.values:
        raise field_error(
            "decision",
            _("Décision inconnue : « %(value)s ».") % {"value": decision},
            code="invalid_choice",
        )
    service_function, takes = DECISION_SERVICES[RequestDecision(decision)]
    options = {"reason": reason, "lab": lab, "service": service, "message": message}
    return service_function(
        actor=actor,
        request=request,
        version=version,
        channel=channel,
        **{name: options[name] for name in takes},
    )
