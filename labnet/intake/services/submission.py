"""Sending a request: a complete draft to a lab, or a whole request at once (the API)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.intake.audit import IntakeAction
from labnet.webhooks import payloads
from labnet.webhooks.enums import WebhookEvent
from labnet.webhooks.services import webhook_emit

from .. import clock, emails, routing
from ..enums import (
    RequestChannel,
    RequestEventKind,
    RequestStatus,
)
from ..models import Request
from ..rules import is_request_author
from .base import (
    REVIEW_STEP,
    STEP_FIELDS,
    check_receiving,
    check_version,
    history_event,
    lock_request,
)
from .drafts import first_incomplete_step, request_missing_fields, request_save_step, step_errors


def request_create(
    *,
    actor,
    data: dict,
    themes=(),
    submit: bool = False,
    lab=None,
    channel=AuditEntry.Channel.API,
) -> Request:
    """A draft with every field at once (the API); with `submit`, sent in the same go.

    All or nothing: if sending is refused (a missing field, a closed lab), no draft is left.
    """
    fields = set(STEP_FIELDS[1] + STEP_FIELDS[2] + STEP_FIELDS[3] + STEP_FIELDS[4])
    fields |= set(STEP_FIELDS[5]) - {"themes"}
    unknown = set(data) - fields
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    with transaction.atomic():
        request = request_save_step(
            actor=actor,
            step=1,
            data={"title": values.get("title", ""), "problem": values.get("problem", "")},
            complete=False,
            channel=channel,
        )
        errors = step_errors(5, {**values, "themes": themes}, complete=False)
        if errors:
            raise ValidationError(errors)
        for field, value in values.items():
            setattr(request, field, value)
        request.channel = (
            RequestChannel.API if channel == AuditEntry.Channel.API else RequestChannel.WEB
        )
        request.current_step = first_incomplete_step(request, themes=themes)
        request.save()
        request.themes.set(themes)
        if submit:
            request = request_submit(
                actor=actor, request=request, lab=lab, version=request.version, channel=channel
            )
    return request


def request_submit(
    *, actor, request: Request, lab=None, version=None, channel=AuditEntry.Channel.WEB
) -> Request:
    """Send a complete draft to `lab`, or to the lab the platform finds best placed.

    Starts the lab's answer clock (its commitment counted from now), acknowledges to the
    authors and tells the lab's team.
    """
    with transaction.atomic():
        locked = lock_request(request)
        if not is_request_author(actor, locked):
            raise PermissionDenied("Only the request's authors send it.")
        if locked.status != RequestStatus.DRAFT:
            raise ValidationError(_("Cette demande a déjà été envoyée."), code="not_draft")
        if version is not None:
            check_version(locked, version)
        missing = request_missing_fields(locked)
        if missing:
            raise ValidationError(missing)
        routed = lab is None
        if routed:
            lab = routing.best_lab_for(locked)
            if lab is None:
                raise ValidationError(
                    {
                        "lab": _(
                            "Aucun laboratoire en activité ne couvre ce territoire ni ces "
                            "thèmes : choisissez un laboratoire dans la liste."
                        )
                    }
                )
        else:
            check_receiving(lab)
        now = timezone.now()
        locked.lab = lab
        locked.routed_automatically = routed
        locked.status = RequestStatus.SUBMITTED
        locked.submitted_at = now
        locked.answer_due_at = clock.answer_due_at(lab=lab, submitted_at=now)
        locked.current_step = REVIEW_STEP
        locked.version += 1
        locked.save()
        if routed:
            history_event(locked, RequestEventKind.ROUTED, actor=actor, to_lab=lab)
        history_event(locked, RequestEventKind.SUBMITTED, actor=actor, to_lab=lab)
        audit_record(
            actor=actor,
            action=IntakeAction.REQUEST_SUBMIT,
            target=locked,
            changes={"status": [RequestStatus.DRAFT, locked.status], "lab": [None, lab.key]},
            channel=channel,
        )
        emails.send_acknowledgement(request=locked)
        emails.send_new_request(request=locked)
        webhook_emit(
            event=WebhookEvent.REQUEST_RECEIVED, data=payloads.request_received(locked), lab=lab
        )
    return locked
