"""Boost ("coup de pouce") sessions: the lab's free slots and the author's booking."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.intake.audit import IntakeAction

from .. import clock, emails
from ..enums import (
    RequestEventKind,
    RequestStatus,
)
from ..models import BoostSlot, Request
from ..rules import can_triage, is_request_author
from .base import check_version, field_error, history_event, lock_request


def boost_slot_create(
    *,
    actor,
    lab,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    channel=AuditEntry.Channel.WEB,
) -> BoostSlot:
    """The lab publishes a time its team offers for a "coup de pouce" session."""
    if not can_triage(actor, lab):
        raise PermissionDenied("Only the lab's team publishes its boost slots.")
    errors = {}
    if ends_at <= starts_at:
        errors["ends_at"] = _("L'heure de fin doit être après l'heure de début.")
    if starts_at <= timezone.now():
        errors["starts_at"] = _("Ce créneau est déjà passé : choisissez une date à venir.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        slot = BoostSlot.objects.create(
            lab=lab,
            starts_at=starts_at,
            ends_at=ends_at,
            location=(location or "").strip()[:300],
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=IntakeAction.BOOST_SLOT_CREATE,
            target=slot,
            changes={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
            channel=channel,
        )
    return slot


def boost_slot_delete(*, actor, slot: BoostSlot, channel=AuditEntry.Channel.WEB) -> None:
    """Withdraw a slot nobody booked."""
    if not can_triage(actor, slot.lab):
        raise PermissionDenied("Only the lab's team manages its boost slots.")
    with transaction.atomic():
        locked = BoostSlot.objects.select_for_update().get(pk=slot.pk)
        if locked.request_id is not None:
            raise ValidationError(
                _("Ce créneau est réservé : il ne peut plus être supprimé."), code="booked"
            )
        audit_record(
            actor=actor, action=IntakeAction.BOOST_SLOT_DELETE, target=locked, channel=channel
        )
        locked.delete()


def boost_slot_book(
    *, actor, request: Request, slot: BoostSlot, version=None, channel=AuditEntry.Channel.WEB
) -> BoostSlot:
    """The author books one of the free slots of the lab that offered a boost.

    The slot is locked while it is checked and taken: two authors cannot book it both.
    """
    with transaction.atomic():
        locked = lock_request(request)
        if not is_request_author(actor, locked):
            raise PermissionDenied("Only the request's authors book its boost session.")
        if version is not None:
            check_version(locked, version)
        if locked.status == RequestStatus.BOOST_BOOKED:
            raise field_error(
                "slot",
                _("Vous avez déjà réservé un créneau pour cette demande."),
                code="already_booked",
            )
        if locked.status != RequestStatus.BOOST_OFFERED:
            raise field_error(
                "slot",
                _("Aucun coup de pouce n'est proposé pour cette demande."),
                code="invalid_transition",
            )
        taken = BoostSlot.objects.select_for_update().get(pk=slot.pk)
        if taken.lab_id != locked.lab_id:
            raise ValidationError(
                {"slot": _("Ce créneau n'est pas proposé par le laboratoire de votre demande.")}
            )
        if taken.request_id is not None:
            raise field_error(
                "slot",
                _("Ce créneau vient d'être réservé : choisissez-en un autre."),
                code="slot_taken",
            )
        if taken.starts_at <= timezone.now():
            raise ValidationError(
                {"slot": _("Ce créneau est déjà passé : choisissez-en un autre.")}
            )
        taken.request = locked
        taken.save(update_fields=["request"])
        locked.status = RequestStatus.BOOST_BOOKED
        locked.version += 1
        locked.save()
        when = timezone.localtime(taken.starts_at, clock.lab_timezone(locked.lab)).strftime(
            "%d/%m/%Y %H:%M"
        )
        history_event(
            locked,
            RequestEventKind.BOOST_BOOKED,
            actor=actor,
            lab=locked.lab,
            message=f"{when} — {taken.location}" if taken.location else when,
        )
        audit_record(
            actor=actor,
            action=IntakeAction.BOOST_SLOT_BOOK,
            target=locked,
            changes={
                "status": [RequestStatus.BOOST_OFFERED, RequestStatus.BOOST_BOOKED],
                "slot": taken.pk,
            },
            channel=channel,
        )
        emails.send_boost_confirmation(request=locked, slot=taken)
        emails.send_lab_notice(request=locked, kind=RequestEventKind.BOOST_BOOKED, slot=taken)
    return taken
