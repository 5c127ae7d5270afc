"""Background work of the accompaniment pipeline (django-tasks)."""

from django_tasks import task

from .next_steps import next_steps_remind_overdue


@task()
def remind_overdue_next_steps() -> int:
    """Daily: remind each owner of an overdue next step, once. Returns how many were sent."""
    return next_steps_remind_overdue()
