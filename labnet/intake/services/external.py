"""Requests that arrive from outside the guided form: Démarches simplifiées dossiers and
accepted answers to a call."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.accounts.models import User
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.intake.audit import IntakeAction

from .. import clock, emails
from ..enums import (
    RequestChannel,
    RequestEventKind,
    RequestStatus,
)
from ..models import Request
from .base import REVIEW_STEP, check_receiving, history_event


def request_receive_external(
    *,
    lab,
    channel: str,
    external_ref: str,
    ds_connection,
    author_email: str,
    author_name: str,
    title: str,
    problem: str,
    affected_people: str = "",
    tried: str = "",
    stakeholders: str = "",
    region=None,
    department=None,
) -> tuple[Request, bool]:
    """A request sent from an outside form (Démarches simplifiées) into `lab`'s inbox.

    Idempotent on (ds_connection, external_ref): a repeated delivery returns the existing
    request and False. Otherwise the request is created submitted, its clock started, its
    history begun, and e-mails sent as for `request_submit`. The sender is linked to their
    LabNet account when one has this address, so they can follow it.
    """
    external_ref = str(external_ref).strip()
    if not external_ref:
        raise ValueError("An outside request needs its reference.")
    existing = Request.objects.filter(ds_connection=ds_connection, external_ref=external_ref)
    found = existing.first()
    if found is not None:
        return found, False
    if region is None and department is not None:
        region = department.region
    if department is not None and region is not None and department.region_id != region.pk:
        department = None  # an inconsistent form answer: keep the region, drop the rest
    author = User.objects.filter(email__iexact=author_email, is_active=True).first()
    try:
        with transaction.atomic():
            now = timezone.now()
            request = Request.objects.create(
                status=RequestStatus.SUBMITTED,
                channel=channel,
                author=author,
                author_email=author_email,
                author_name=author_name,
                title=(title or "").strip()[:200] or _("Demande sans titre"),
                problem=problem or "",
                affected_people=affected_people or "",
                tried=tried or "",
                stakeholders=stakeholders or "",
                region=region or lab.region,
                department=department,
                lab=lab,
                current_step=REVIEW_STEP,
                submitted_at=now,
                answer_due_at=clock.answer_due_at(lab=lab, submitted_at=now),
                ds_connection=ds_connection,
                external_ref=external_ref,
            )
            history_event(request, RequestEventKind.SUBMITTED, to_lab=lab)
            audit_record(
                actor=None,
                action=IntakeAction.REQUEST_RECEIVE_EXTERNAL,
                target=request,
                changes={"channel": channel, "external_ref": external_ref, "lab": lab.key},
                channel=AuditEntry.Channel.IMPORT,
            )
            emails.send_acknowledgement(request=request)
            emails.send_new_request(request=request)
    except IntegrityError:
        # The same dossier delivered twice at once: the other delivery created it.
        found = existing.first()
        if found is None:
            raise
        return found, False
    return request, True


def request_receive_from_call(
    *,
    actor,
    lab,
    author,
    co_authors=(),
    title: str,
    problem: str,
    call_title: str,
    channel=AuditEntry.Channel.WEB,
) -> Request:
    """An accepted answer to a call, sent as a request into `lab`'s inbox.

    The call's owner already decided (with the calls' own rule), so no permission is
    checked here. The request arrives submitted with its clock started and the lab's team
    told; its authors hear of the acceptance from the call's own e-mail.
    """
    check_receiving(lab)
    with transaction.atomic():
        now = timezone.now()
        request = Request.objects.create(
            status=RequestStatus.SUBMITTED,
            channel=RequestChannel.API if channel == AuditEntry.Channel.API else RequestChannel.WEB,
            author=author,
            author_email=author.email,
            author_name=author.full_name,
            title=(title or "").strip()[:200] or _("Demande sans titre"),
            problem=problem,
            region=lab.region,
            lab=lab,
            current_step=REVIEW_STEP,
            submitted_at=now,
            answer_due_at=clock.answer_due_at(lab=lab, submitted_at=now),
        )
        if co_authors:
            request.co_authors.set(co_authors)
        history_event(
            request,
            RequestEventKind.SUBMITTED,
            actor=actor,
            to_lab=lab,
            message=_("Réponse acceptée à l'appel « %(call)s ».") % {"call": call_title},
        )
        audit_record(
            actor=actor,
            action=IntakeAction.REQUEST_RECEIVE_FROM_CALL,
            target=request,
            changes={"lab": lab.key, "call": call_title},
            channel=channel,
        )
        emails.send_new_request(request=request)
    return request
