"""Sessions from a recurrence rule: local wall time kept across DST, exceptions, idempotence."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from labnet.trainings.models import Recurrence, Session
from labnet.trainings.recurrence import occurrences
from labnet.trainings.services.recurrences import (
    recurrence_create,
    recurrence_exception_set,
    sessions_generate_from_recurrence,
)

from .factories import CohortFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _local(session):
    return session.starts_at.astimezone(PARIS).strftime("%Y-%m-%d %H:%M")


def test_monthly_second_tuesday_keeps_14h_across_the_change_of_hour():
    found = occurrences(
        rule="FREQ=MONTHLY;BYDAY=2TU",
        start_date=dt.date(2026, 2, 1),
        start_time=dt.time(14, 0),
        duration_minutes=120,
        time_zone="Europe/Paris",
        count=3,
    )
    assert [o.occurrence_date for o in found] == [
        dt.date(2026, 2, 10),
        dt.date(2026, 3, 10),
        dt.date(2026, 4, 14),
    ]
    # 14:00 in Paris is 13:00 UTC in winter and 12:00 UTC in summer (from 29 March 2026).
    assert [o.starts_at.strftime("%H:%M") for o in found] == ["13:00", "13:00", "12:00"]
    assert all(o.starts_at.tzinfo == dt.UTC for o in found)
    assert [(o.ends_at - o.starts_at) for o in found] == [dt.timedelta(hours=2)] * 3


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=SOMETIMES", "La règle de récurrence n'est pas valide"),
        ("BYDAY=2TU", "La règle de récurrence n'est pas valide"),
        ("FREQ=MONTHLY;COUNT=3", "La règle ne doit pas contenir COUNT"),
        ("", "Indiquez la règle de récurrence"),
    ],
)
def test_invalid_rules_are_refused_in_french(rule, message):
    with pytest.raises(ValidationError) as error:
        occurrences(
            rule=rule,
            start_date=dt.date(2026, 1, 1),
            start_time=dt.time(9),
            duration_minutes=60,
            time_zone="Europe/Paris",
            count=2,
        )
    assert error.value.message_dict["rule"][0].startswith(message)


def test_a_rule_needs_an_end():
    with pytest.raises(ValidationError) as error:
        occurrences(
            rule="FREQ=WEEKLY",
            start_date=dt.date(2026, 1, 1),
            start_time=dt.time(9),
            duration_minutes=60,
            time_zone="Europe/Paris",
        )
    assert error.value.message_dict == {
        "until": ["Indiquez une date de fin ou un nombre de séances."]
    }


def test_too_many_occurrences_are_refused():
    with pytest.raises(ValidationError) as error:
        occurrences(
            rule="FREQ=DAILY",
            start_date=dt.date(2026, 1, 1),
            start_time=dt.time(9),
            duration_minutes=60,
            time_zone="Europe/Paris",
            until=dt.date(2027, 1, 1),
        )
    assert "plus de 120 séances" in error.value.message_dict["count"][0]


@pytest.mark.django_db
def test_generation_with_exclusions_and_a_moved_session_is_idempotent(coordinator):
    cohort = CohortFactory()
    recurrence = recurrence_create(
        actor=coordinator,
        cohort=cohort,
        title="Co-développement",
        rule="FREQ=MONTHLY;BYDAY=2TU",
        start_date=dt.date(2026, 1, 1),
        start_time=dt.time(14, 0),
        duration_minutes=120,
        until=dt.date(2026, 6, 30),
        is_online=True,
        excluded_dates=(dt.date(2026, 4, 14),),
    )
    sessions = list(cohort.sessions.order_by("starts_at"))
    assert [_local(s) for s in sessions] == [
        "2026-01-13 14:00",
        "2026-02-10 14:00",
        "2026-03-10 14:00",
        "2026-05-12 14:00",
        "2026-06-09 14:00",
    ]

    recurrence_exception_set(
        actor=coordinator,
        recurrence=recurrence,
        occurrence_date=dt.date(2026, 5, 12),
        moved_to=dt.datetime(2026, 5, 19, 10, 0),
    )
    assert [_local(s) for s in cohort.sessions.filter(is_cancelled=False)] == [
        "2026-01-13 14:00",
        "2026-02-10 14:00",
        "2026-03-10 14:00",
        "2026-05-19 10:00",
        "2026-06-09 14:00",
    ]
    assert cohort.sessions.count() == 5  # the moved session is the same row

    again = sessions_generate_from_recurrence(actor=coordinator, recurrence=recurrence)
    assert (again.created, again.updated, again.cancelled) == (0, 0, 0)
    assert cohort.sessions.count() == 5

    recurrence_exception_set(
        actor=coordinator, recurrence=recurrence, occurrence_date=dt.date(2026, 2, 10)
    )
    feb = cohort.sessions.get(occurrence_date=dt.date(2026, 2, 10))
    assert feb.is_cancelled  # kept, with any attendance noted at it


@pytest.mark.django_db
def test_an_invalid_recurrence_writes_nothing(coordinator):
    cohort = CohortFactory()
    with pytest.raises(ValidationError):
        recurrence_create(
            actor=coordinator,
            cohort=cohort,
            title="Co-développement",
            rule="FREQ=MONTHLY;BYDAY=9XX",
            start_date=dt.date(2026, 1, 1),
            start_time=dt.time(14, 0),
            duration_minutes=120,
            count=3,
        )
    with pytest.raises(ValidationError) as error:
        recurrence_create(
            actor=coordinator,
            cohort=cohort,
            title="Co-développement",
            rule="FREQ=MONTHLY;BYDAY=2TU",
            start_date=dt.date(2026, 1, 1),
            start_time=dt.time(14, 0),
            duration_minutes=120,
            count=3,
            excluded_dates=(dt.date(2026, 1, 14),),
        )
    assert error.value.message_dict == {
        "excluded_dates": ["Ces dates ne sont pas des séances de la règle : 14/01/2026."]
    }
    assert not Recurrence.objects.exists()
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_recurrences_are_for_managers(agent):
    with pytest.raises(PermissionDenied):
        recurrence_create(
            actor=agent,
            cohort=CohortFactory(),
            title="Co-développement",
            rule="FREQ=MONTHLY",
            start_date=dt.date(2026, 1, 1),
            start_time=dt.time(14, 0),
            duration_minutes=120,
            count=3,
        )
