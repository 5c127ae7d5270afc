"""Background work of the events (django-tasks): reminders and expired confirmation links."""

from django_tasks import task

from .registrations import expired_pending_cancel
from .reminders import reminders_send


@task()
def send_event_reminders() -> int:
    """Daily (or hourly): the day-before reminders, each sent once."""
    return reminders_send()


@task()
def release_expired_registrations() -> int:
    """Hourly: visitors' pending registrations whose link expired are cancelled."""
    return expired_pending_cancel()
