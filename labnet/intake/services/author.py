"""The author's side after sending: answering the lab's question, withdrawing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.intake.audit import IntakeAction

from .. import clock, emails
from ..enums import (
    WITHDRAWABLE_STATUSES,
    RequestEventKind,
    RequestStatus,
)
from ..hooks import request_closed
from ..models import Request
from ..rules import is_request_author
from .base import check_version, history_event, lock_request


def request_provide_info(
    *, actor, request: Request, message: str, version, channel=AuditEntry.Channel.WEB
) -> Request:
    """The author answers the lab's question; the request waits on the lab again."""
    message = (message or "").strip()
    with transaction.atomic():
        locked = lock_request(request)
        check_version(locked, version)
        if not is_request_author(actor, locked):
            raise PermissionDenied(_("Seuls les auteurs de la demande répondent au laboratoire."))
        if locked.status != RequestStatus.WAITING_AUTHOR:
            raise ValidationError(
                _("Le laboratoire n'attend pas de précisions sur cette demande."),
                code="invalid_transition",
            )
        if not message:
            raise ValidationError({"message": _("Écrivez votre réponse au laboratoire.")})
        now = timezone.now()
        locked.status = RequestStatus.SUBMITTED
        # The lab owes its next answer within its commitment, counted from this reply.
        locked.answer_due_at = clock.answer_due_at(lab=locked.lab, submitted_at=now)
        locked.version += 1
        locked.save()
        history_event(
            locked, RequestEventKind.INFO_PROVIDED, actor=actor, lab=locked.lab, message=message
        )
        audit_record(
            actor=actor,
            action=IntakeAction.REQUEST_PROVIDE_INFO,
            target=locked,
            changes={"status": [RequestStatus.WAITING_AUTHOR, RequestStatus.SUBMITTED]},
            channel=channel,
        )
        emails.send_lab_notice(request=locked, kind=RequestEventKind.INFO_PROVIDED, message=message)
    return locked


def request_withdraw(
    *, actor, request: Request, version, reason: str = "", channel=AuditEntry.Channel.WEB
) -> Request:
    """The author takes back a request the lab has not settled yet."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = lock_request(request)
        check_version(locked, version)
        if not is_request_author(actor, locked):
            raise PermissionDenied(_("Seuls les auteurs de la demande la retirent."))
        if locked.status not in WITHDRAWABLE_STATUSES:
            raise ValidationError(
                _("Cette demande ne peut plus être retirée : le laboratoire y a déjà répondu."),
                code="invalid_transition",
            )
        before = locked.status
        locked.status = RequestStatus.WITHDRAWN
        locked.version += 1
        locked.save()
        history_event(
            locked, RequestEventKind.WITHDRAWN, actor=actor, lab=locked.lab, message=reason
        )
        audit_record(
            actor=actor,
            action=IntakeAction.REQUEST_WITHDRAW,
            target=locked,
            changes={"status": [before, RequestStatus.WITHDRAWN]},
            channel=channel,
        )
        emails.send_lab_notice(request=locked, kind=RequestEventKind.WITHDRAWN, message=reason)
        request_closed.fire(request=locked, status=locked.status)
    return locked
