"""Many people registering at the same moment, on PostgreSQL: the event row lock serves
them one after the other, so the capacity holds and the waiting list keeps their order."""

import threading

import pytest
from django.db import close_old_connections, connection, connections

from labnet.events.enums import RegistrationStatus
from labnet.events.models import Registration
from labnet.events.registrations import registration_create
from tests.factories import UserFactory

from .factories import EventFactory

PEOPLE = 12
CAPACITY = 5


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_the_capacity():
    event = EventFactory(capacity=CAPACITY)
    people = [UserFactory(email=f"agent{n}@exemple.gouv.fr") for n in range(PEOPLE)]
    start = threading.Barrier(PEOPLE)
    errors = []

    def register(person):
        try:
            start.wait()  # all threads hit the service at the same moment
            registration_create(actor=person, event=event)
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()

    assert errors == []
    rows = list(Registration.objects.filter(event=event).order_by("created_at", "pk"))
    assert len(rows) == PEOPLE
    confirmed = [r for r in rows if r.status == RegistrationStatus.CONFIRMED]
    waiting = [r for r in rows if r.status == RegistrationStatus.WAITING]
    assert len(confirmed) == CAPACITY
    assert len(waiting) == PEOPLE - CAPACITY
    # Whoever got the lock first was served first: the first five rows written hold the
    # places, and the waiting list is numbered 1..7 in the order the rows were written.
    assert rows[:CAPACITY] == confirmed
    assert [r.position for r in rows[CAPACITY:]] == list(range(1, PEOPLE - CAPACITY + 1))
