"""Many people enrolling at the same moment, on PostgreSQL: the cohort row lock serves
them one after the other, so the capacity holds and the waiting list keeps their order."""

import threading

import pytest
from django.db import close_old_connections, connection, connections

from labnet.trainings.enums import EnrolmentStatus
from labnet.trainings.models import Enrolment
from labnet.trainings.services import enrolment_create
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
    start = threading.Barrier(PEOPLE)
    errors = []

    def enrol(person):
        try:
            start.wait()  # every thread calls the service at the same moment
            enrolment_create(actor=person, cohort=cohort)
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=enrol, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()

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
