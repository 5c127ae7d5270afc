"""What the events domain holds about a person: their registrations (export, erasure,
retention of unconfirmed visitor registrations)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from .enums import RegistrationStatus
from .models import Event, Registration
from .registrations import lock_event, promote_waiting, renumber_waiting

# An unconfirmed visitor registration is kept this long after its link expired, then removed.
UNCONFIRMED_RETENTION = timedelta(days=30)


def _of(user):
    # By account: a visitor's registration holds an address the account has not proved.
    return Registration.objects.filter(user=user)


def registrations_export(user) -> list[dict]:
    return [
        {
            "event": registration.event.title,
            "event_key": registration.event.key,
            "starts_at": registration.event.starts_at.isoformat(),
            "full_name": registration.full_name,
            "email": registration.email,
            "organisation_name": registration.organisation_name,
            "status": registration.status,
            "position": registration.position,
            "attendance": registration.attendance,
            "created_at": registration.created_at.isoformat(),
            "confirmed_at": registration.confirmed_at.isoformat()
            if registration.confirmed_at
            else None,
            "cancelled_at": registration.cancelled_at.isoformat()
            if registration.cancelled_at
            else None,
        }
        for registration in _of(user).select_related("event").order_by("created_at", "pk")
    ]


def registrations_erase(user) -> None:
    """Delete the person's registrations; a place they held at a future event goes to the
    first person waiting (who is told), as a cancellation would."""
    now = timezone.now()
    with transaction.atomic():
        live = _of(user).exclude(status=RegistrationStatus.CANCELLED)
        event_ids = sorted(set(live.values_list("event_id", flat=True)))
        # Locked in a fixed order, as every registration write does: no deadlock.
        locked = [
            lock_event(event) for event in Event.objects.filter(pk__in=event_ids).order_by("pk")
        ]
        _of(user).delete()
        for event in locked:
            if event.ends_at > now:
                renumber_waiting(event)
                promote_waiting(event, now)


def unconfirmed_purge(now: datetime) -> int:
    """Visitor registrations never confirmed whose link expired over 30 days ago."""
    deleted, _ = Registration.objects.filter(
        user__isnull=True,
        confirmed_at__isnull=True,
        status__in=(RegistrationStatus.PENDING, RegistrationStatus.CANCELLED),
        token_expires_at__lt=now - UNCONFIRMED_RETENTION,
    ).delete()
    return deleted
