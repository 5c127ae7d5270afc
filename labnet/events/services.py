"""Writes on an event itself that are not about proposing it (see proposals.py): its
cancellation by the organisers. Places and registrations are in registrations.py."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.core.services import audit_record
from labnet.events.audit import EventsAction

from . import emails
from .enums import EventStatus, RegistrationStatus
from .models import Event
from .registrations import lock_event
from .rules import can_manage_event


def event_cancel(*, actor, event: Event, reason: str) -> Event:
    """The organisers call the event off: it stays public, marked cancelled (so a shared link
    still explains), registrations close, and everyone registered or waiting is told why."""
    if not can_manage_event(actor, event):
        raise PermissionDenied(_("Seuls les organisateurs de l'événement peuvent l'annuler."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _(
                        "Dites pourquoi l'événement est annulé : "
                        "le message est envoyé aux inscrits."
                    ),
                    code="required",
                )
            }
        )
    with transaction.atomic():
        locked = lock_event(event)
        if locked.status != EventStatus.PUBLISHED:
            raise ValidationError(
                _("Seul un événement publié peut être annulé (statut actuel : %(status)s).")
                % {"status": locked.get_status_display()},
                code="invalid_transition",
            )
        if locked.ends_at <= timezone.now():
            raise ValidationError(_("Cet événement est passé."), code="past")
        locked.status = EventStatus.CANCELLED
        locked.registration_open = False
        locked.save(update_fields=["status", "registration_open", "updated_at"])
        audit_record(
            actor=actor,
            action=EventsAction.EVENT_CANCEL,
            target=locked,
            changes={"status": [EventStatus.PUBLISHED, EventStatus.CANCELLED], "reason": reason},
        )
        live = locked.registrations.filter(
            status__in=(
                RegistrationStatus.CONFIRMED,
                RegistrationStatus.PENDING,
                RegistrationStatus.WAITING,
            )
        ).order_by("pk")
        for registration in live:
            registration.event = locked
            emails.send_event_cancelled(registration=registration, reason=reason)
    event.status = locked.status
    event.registration_open = False
    return locked
