"""Recurrences: the rule (RRULE in local wall time), its exceptions, the sessions it generates."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from labnet.core.services import audit_record
from labnet.trainings.audit import TrainingsAction

from .. import recurrence as rec
from ..models import (
    Cohort,
    Recurrence,
    RecurrenceException,
    Session,
)
from ..rules import require_can_manage_programme
from .attendance import completion_refresh
from .common import refusal


def recurrence_create(
    *,
    actor,
    cohort: Cohort,
    title: str,
    rule: str,
    start_date: dt.date,
    start_time: dt.time,
    duration_minutes: int,
    time_zone: str = "Europe/Paris",
    until: dt.date | None = None,
    count: int | None = None,
    is_online: bool = False,
    place: str = "",
    excluded_dates: tuple[dt.date, ...] = (),
) -> Recurrence:
    """Store a rule (and the dates it skips), then generate its sessions."""
    require_can_manage_programme(actor, cohort.programme)
    if not title.strip():
        raise refusal("title", _("Indiquez l'intitulé des séances."), "required")
    if duration_minutes is None or duration_minutes < 1:
        raise refusal("duration_minutes", _("Indiquez une durée d'au moins une minute."), "min")
    rule = rule.strip().removeprefix("RRULE:").strip().upper()
    # Validate before writing anything: an invalid rule leaves no trace.
    planned = rec.occurrences(
        rule=rule,
        start_date=start_date,
        start_time=start_time,
        duration_minutes=duration_minutes,
        time_zone=time_zone,
        until=until,
        count=count,
    )
    planned_dates = {o.occurrence_date for o in planned}
    strays = sorted(set(excluded_dates) - planned_dates)
    if strays:
        raise refusal(
            "excluded_dates",
            _("Ces dates ne sont pas des séances de la règle : %(dates)s.")
            % {"dates": ", ".join(d.strftime("%d/%m/%Y") for d in strays)},
            "not_an_occurrence",
        )
    with transaction.atomic():
        recurrence = Recurrence.objects.create(
            cohort=cohort,
            title=title.strip(),
            rule=rule,
            start_date=start_date,
            start_time=start_time,
            duration_minutes=duration_minutes,
            time_zone=time_zone,
            until=until,
            count=count,
            is_online=is_online,
            place=place.strip(),
        )
        RecurrenceException.objects.bulk_create(
            RecurrenceException(recurrence=recurrence, occurrence_date=day)
            for day in sorted(set(excluded_dates))
        )
        audit_record(
            actor=actor,
            action=TrainingsAction.RECURRENCE_CREATE,
            target=recurrence,
            changes={"rule": rule, "excluded": [d.isoformat() for d in sorted(excluded_dates)]},
        )
        sessions_generate_from_recurrence(actor=actor, recurrence=recurrence)
    return recurrence


def recurrence_exception_set(
    *,
    actor,
    recurrence: Recurrence,
    occurrence_date: dt.date,
    moved_to: dt.datetime | None = None,
) -> RecurrenceException:
    """Skip one occurrence, or move it to `moved_to` (naive local wall time), and regenerate."""
    require_can_manage_programme(actor, recurrence.cohort.programme)
    dates = {o.occurrence_date for o in _occurrences(recurrence, with_exceptions=False)}
    if occurrence_date not in dates:
        raise refusal(
            "occurrence_date",
            _("Cette date n'est pas une séance de la récurrence."),
            "not_an_occurrence",
        )
    with transaction.atomic():
        exception, _created = RecurrenceException.objects.update_or_create(
            recurrence=recurrence,
            occurrence_date=occurrence_date,
            defaults={
                "moved_to_date": moved_to.date() if moved_to else None,
                "moved_to_time": moved_to.time() if moved_to else None,
            },
        )
        audit_record(
            actor=actor,
            action=TrainingsAction.RECURRENCE_EXCEPTION_SET,
            target=recurrence,
            changes={
                "occurrence_date": occurrence_date.isoformat(),
                "moved_to": moved_to.isoformat() if moved_to else None,
            },
        )
        sessions_generate_from_recurrence(actor=actor, recurrence=recurrence)
    return exception


def _occurrences(recurrence: Recurrence, *, with_exceptions: bool = True) -> list[rec.Occurrence]:
    excluded, moved = [], {}
    if with_exceptions:
        for exception in recurrence.exceptions.all():
            if exception.moved_to_date:
                moved[exception.occurrence_date] = dt.datetime.combine(
                    exception.moved_to_date, exception.moved_to_time or recurrence.start_time
                )
            else:
                excluded.append(exception.occurrence_date)
    return rec.occurrences(
        rule=recurrence.rule,
        start_date=recurrence.start_date,
        start_time=recurrence.start_time,
        duration_minutes=recurrence.duration_minutes,
        time_zone=recurrence.time_zone,
        until=recurrence.until,
        count=recurrence.count,
        excluded=tuple(excluded),
        moved=moved,
    )


@dataclass(frozen=True)
class GenerationResult:
    created: int
    updated: int
    cancelled: int


def sessions_generate_from_recurrence(*, actor, recurrence: Recurrence) -> GenerationResult:
    """Make the recurrence's sessions match its rule and exceptions; running it again
    changes nothing. An occurrence that is no longer wanted is cancelled, not deleted, so
    the attendance noted at it is kept."""
    require_can_manage_programme(actor, recurrence.cohort.programme)
    wanted = {o.occurrence_date: o for o in _occurrences(recurrence)}
    with transaction.atomic():
        existing = {s.occurrence_date: s for s in recurrence.sessions.all()}
        new, changed, cancelled = [], [], []
        for day, occurrence in wanted.items():
            session = existing.get(day)
            if session is None:
                new.append(
                    Session(
                        cohort_id=recurrence.cohort_id,
                        recurrence=recurrence,
                        occurrence_date=day,
                        title=recurrence.title,
                        starts_at=occurrence.starts_at,
                        ends_at=occurrence.ends_at,
                        time_zone=recurrence.time_zone,
                        is_online=recurrence.is_online,
                        place=recurrence.place,
                    )
                )
            elif (
                session.starts_at != occurrence.starts_at
                or session.ends_at != occurrence.ends_at
                or session.is_cancelled
            ):
                session.starts_at, session.ends_at = occurrence.starts_at, occurrence.ends_at
                session.is_cancelled = False
                changed.append(session)
        for day, session in existing.items():
            if day not in wanted and not session.is_cancelled:
                session.is_cancelled = True
                cancelled.append(session)
        Session.objects.bulk_create(new)
        Session.objects.bulk_update(
            [*changed, *cancelled], ["starts_at", "ends_at", "is_cancelled"]
        )
        result = GenerationResult(len(new), len(changed), len(cancelled))
        if new or changed or cancelled:
            audit_record(
                actor=actor,
                action=TrainingsAction.SESSIONS_GENERATE_FROM_RECURRENCE,
                target=recurrence,
                changes={
                    "created": result.created,
                    "updated": result.updated,
                    "cancelled": result.cancelled,
                },
            )
            completion_refresh(actor=actor, cohort=recurrence.cohort)
    return result
