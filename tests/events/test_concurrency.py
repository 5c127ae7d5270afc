"""Many people registering at the same moment, on PostgreSQL: the event row lock serves
them one after the other, so the capacity holds and the waiting list keeps their order."""

import pytest
from django.db import connection

from labnet.events.enums import RegistrationStatus
from labnet.events.models import Registration
from labnet.events.registrations import registration_create
from tests.concurrency import call_all_at_once
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
    errors = call_all_at_once(lambda person: registration_create(actor=person, event=event), people)

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
