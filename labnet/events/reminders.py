"""Reminders the day before an event, to the people with a confirmed place.

"The day before" is read in the event's own zone: an event on Tuesday at 09:00 in La
Réunion is reminded on Monday there. `reminded_at` makes the sending idempotent: running
the command twice (or hourly) sends each reminder once.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from . import emails
from .enums import EventStatus, RegistrationStatus
from .models import Registration


def reminders_due(now: datetime) -> list[Registration]:
    """Confirmed, not yet reminded registrations to events that start tomorrow locally."""
    # A wide window in UTC first (every zone's "tomorrow" lies within 60 hours), then the
    # exact local date in Python.
    candidates = (
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            reminded_at__isnull=True,
            event__status=EventStatus.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lt=now + timedelta(hours=60),
        )
        .select_related("event", "event__organiser_lab", "event__organiser_organisation")
        .order_by("event__starts_at", "pk")
    )
    due = []
    for registration in candidates:
        zone = registration.event.zone
        tomorrow = now.astimezone(zone).date() + timedelta(days=1)
        if registration.event.starts_at.astimezone(zone).date() == tomorrow:
            due.append(registration)
    return due


def reminders_send(*, now: datetime | None = None) -> int:
    """Send the reminders due; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for registration in reminders_due(now):
        with transaction.atomic():
            # Claim the row first: two workers running at once send one reminder.
            claimed = Registration.objects.filter(
                pk=registration.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if claimed:
                emails.send_reminder(registration=registration)
                sent += 1
    return sent
