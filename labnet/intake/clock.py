"""The single window's clock: when a lab owes its first answer, and whether it is late."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def answer_due_at(*, lab, submitted_at: datetime) -> datetime:
    """The lab's commitment (in hours, 24 by default) counted from submission."""
    return submitted_at + timedelta(hours=lab.first_answer_hours)


def is_overdue(*, due_at: datetime | None, now: datetime | None = None) -> bool:
    return due_at is not None and (now or timezone.now()) > due_at


def remaining(*, due_at: datetime, now: datetime | None = None) -> timedelta:
    """Time left before the commitment; negative once it is overdue."""
    return due_at - (now or timezone.now())


def lab_timezone(lab) -> ZoneInfo:
    """The lab's local time (overseas labs are hours away from Paris), for slots and dates."""
    name = lab.region.timezone if lab is not None and lab.region_id else settings.TIME_ZONE
    return ZoneInfo(name)
