"""What the events domain holds about a person: their registrations (export, erasure, and
the retention rule for visitors' registrations).

Retention: a visitor registration never confirmed is deleted LABNET_RETENTION_DAYS after
its link expired; a visitor's name, address and administration on any registration are
replaced LABNET_VISITOR_RETENTION_DAYS after the event ended (the row stays, so the
counts of places and attendance stay true). The audit entries about a deleted or
anonymised registration lose their text and changes: the trail must not keep what the
row no longer holds.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from labnet.accounts.models import ANONYMOUS_NAME
from labnet.core.services import audit_forget

from .enums import RegistrationStatus
from .models import Event, Registration
from .registrations import lock_event, promote_waiting, renumber_waiting

ANONYMISED_EMAIL_DOMAIN = "anonymise.invalid"


def unconfirmed_retention() -> timedelta:
    return timedelta(days=int(settings.LABNET_RETENTION_DAYS))


def visitor_retention() -> timedelta:
    # Longer than the unconfirmed one: organisers compare editions of their events.
    return timedelta(days=int(settings.LABNET_VISITOR_RETENTION_DAYS))


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
        audit_forget(Registration, _of(user).values_list("pk", flat=True))
        _of(user).delete()
        for event in locked:
            if event.ends_at > now:
                renumber_waiting(event)
                promote_waiting(event, now)


def unconfirmed_purge(now: datetime) -> int:
    """Visitor registrations never confirmed whose link expired over LABNET_RETENTION_DAYS
    ago: deleted."""
    rows = Registration.objects.filter(
        user__isnull=True,
        confirmed_at__isnull=True,
        status__in=(RegistrationStatus.PENDING, RegistrationStatus.CANCELLED),
        token_expires_at__lt=now - unconfirmed_retention(),
    )
    audit_forget(Registration, list(rows.values_list("pk", flat=True)))
    deleted, _ = rows.delete()
    return deleted


def visitors_anonymise(now: datetime) -> int:
    """Visitors' registrations to events that ended over LABNET_VISITOR_RETENTION_DAYS ago:
    name, address and administration replaced; status and attendance kept."""
    rows = Registration.objects.filter(
        user__isnull=True, event__ends_at__lt=now - visitor_retention()
    ).exclude(email__endswith="@" + ANONYMISED_EMAIL_DOMAIN)
    changed = []
    for registration in rows.only("pk"):
        registration.full_name = ANONYMOUS_NAME
        # Unique per live registration and event: the row's own id keeps it so.
        registration.email = f"visiteur-{registration.pk}@{ANONYMISED_EMAIL_DOMAIN}"
        registration.organisation_name = ""
        changed.append(registration)
    Registration.objects.bulk_update(changed, ["full_name", "email", "organisation_name"])
    audit_forget(Registration, [registration.pk for registration in changed])
    return len(changed)


def registrations_purge(now: datetime) -> int:
    """The retention rule of the section: rows deleted plus rows anonymised."""
    return unconfirmed_purge(now) + visitors_anonymise(now)
