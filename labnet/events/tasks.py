"""Background work of the events (django-tasks): reminders and expired places."""

from django_tasks import task

from .registrations import expired_places_release
from .reminders import reminders_send


@task()
def send_event_reminders() -> int:
    """Daily (or hourly): the day-before reminders, each sent once."""
    return reminders_send()


@task()
def release_expired_registrations() -> int:
    """Hourly: unconfirmed places whose link expired go to the waiting list."""
    return expired_places_release()
