"""Many people enrolling at the same moment, on PostgreSQL: the cohort row lock serves
them one after the other, so the capacity holds and the waiting list keeps their order."""

import pytest
from django.db import connection

from labnet.trainings.enums import EnrolmentStatus
from labnet.trainings.models import Enrolment
from labnet.trainings.services.enrolment import enrolment_create
from tests.concurrency import call_all_at_once
from tests.factories import UserFactory

from .factories import CohortFactory

PEOPLE = 10
CAPACITY = 4


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_never_exceed_the_capacity():
    cohort = CohortFactory(capacity=CAPACITY)
    people = [UserFactory(email=f"agent{n}@exemple.gouv.fr") for n in range(PEOPLE)]
    errors = call_all_at_once(lambda person: enrolment_create(actor=person, cohort=cohort), people)

    assert errors == []
    rows = list(Enrolment.objects.filter(cohort=cohort).order_by("pk"))
    assert len(rows) == PEOPLE
    confirmed = [r for r in rows if r.status == EnrolmentStatus.CONFIRMED]
    assert len(confirmed) == CAPACITY
    # Rows are written after the lock is taken, so their ids follow the lock order: the
    # first four hold the places and the waiting list is numbered 1..6 in that order.
    assert rows[:CAPACITY] == confirmed
    assert [(r.status, r.position) for r in rows[CAPACITY:]] == [
        (EnrolmentStatus.WAITING, n) for n in range(1, PEOPLE - CAPACITY + 1)
    ]
