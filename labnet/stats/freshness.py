"""When the precomputed facts are built again (docs/adr/0058).

A write to what the facts count (projects and their themes, labs, events and
registrations, requests, indicators and their values) asks for a rebuild once its
transaction commits: a task (`rebuild_facts_task`) the worker runs in the background, at
most one waiting at a time (a cache key, so a burst of registrations asks once). The facts
are also built again when a reader finds them older than `LABNET_STATS_FACTS_MAX_AGE`
seconds (an indicator's progress depends on the day; a bulk write may send no signal),
and at once, in the request, when none were ever built (a fresh install: small data).
Until the task has run, readers see the previous build: the pages say when it was made.
`LABNET_STATS_FACTS = False` (the test settings) computes every figure live instead.
"""

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django_tasks import task

PENDING_KEY = "labnet-stats:facts-rebuild-pending"
# How long a pending request stays without a worker taking it (then it may be asked again).
PENDING_SECONDS = 600


@task()
def rebuild_facts_task() -> float:
    from .facts import rebuild_facts

    # Taken off first: a write made while this build reads asks for the next one.
    cache.delete(PENDING_KEY)
    return rebuild_facts().seconds


def request_rebuild() -> None:
    """Ask the worker for a rebuild, unless one is already waiting."""
    if cache.add(PENDING_KEY, True, PENDING_SECONDS):
        rebuild_facts_task.enqueue()


def _data_changed(sender, **kwargs) -> None:
    if not settings.LABNET_STATS_FACTS:
        return
    if kwargs.get("raw"):  # fixtures loading
        return
    transaction.on_commit(request_rebuild)


def _m2m_changed(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _data_changed(sender, **kwargs)


def connect_signals() -> None:
    from labnet.events.models import Campaign, Event, Registration
    from labnet.funding.models import Allocation
    from labnet.impact.models import Indicator, Measurement
    from labnet.intake.models import Request
    from labnet.labs.models import Lab, Theme
    from labnet.projects.models import Project
    from labnet.trainings.models import Enrolment, Programme, Session, SessionAttendance

    counted = (
        *(Project, Lab, Theme, Event, Campaign, Registration, Request, Indicator, Measurement),
        # What the bilan's figures count besides (stats.facts._figure_facts).
        *(Allocation, Programme, Session, Enrolment, SessionAttendance),
    )
    for model in counted:
        post_save.connect(_data_changed, sender=model, dispatch_uid=f"stats-facts-{model}")
        post_delete.connect(_data_changed, sender=model, dispatch_uid=f"stats-facts-del-{model}")
    m2m_changed.connect(
        _m2m_changed, sender=Theme.projects.through, dispatch_uid="stats-facts-themes"
    )


def current_build():
    """The facts' build to read, or None to compute live. Builds them at once when none
    exist yet; asks for a rebuild when they are older than allowed."""
    from .facts import last_build, rebuild_facts

    if not settings.LABNET_STATS_FACTS:
        return None
    build = last_build()
    if build is None:
        return rebuild_facts()
    age = timezone.now() - build.built_at
    if age > dt.timedelta(seconds=settings.LABNET_STATS_FACTS_MAX_AGE) or (
        timezone.localdate(build.built_at) != timezone.localdate()
    ):
        request_rebuild()
    return build
