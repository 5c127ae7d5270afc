"""The places taken the database keeps on each event (labnet/events/db_columns.py) equal
the confirmed registrations, after every kind of write."""

import pytest
from django.db.models import Count, Q

from labnet.events.db_columns import confirmed_count
from labnet.events.enums import RegistrationStatus
from labnet.events.models import Event, Registration
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _assert_exact():
    kept = dict(Event.objects.annotate(n=confirmed_count()).values_list("pk", "n"))
    counted = dict(
        Event.objects.annotate(
            n=Count("registrations", filter=Q(registrations__status="confirmed"))
        ).values_list("pk", "n")
    )
    assert kept == counted


def test_the_count_follows_creations_changes_moves_and_deletions():
    first, second = EventFactory(), EventFactory()
    a = RegistrationFactory(event=first)
    RegistrationFactory(event=first, status=RegistrationStatus.WAITING, position=1)
    RegistrationFactory(event=second, status=RegistrationStatus.PENDING)
    _assert_exact()

    a.status = RegistrationStatus.CANCELLED
    a.save()
    _assert_exact()

    Registration.objects.filter(event=first).update(status=RegistrationStatus.CONFIRMED)
    _assert_exact()

    Registration.objects.filter(event=first).update(event=second)
    _assert_exact()
    assert Event.objects.annotate(n=confirmed_count()).get(pk=second.pk).n == 2

    Registration.objects.filter(pk=a.pk).delete()
    _assert_exact()

    second.delete()
    _assert_exact()


def test_bulk_writes_are_counted_too():
    event = EventFactory()
    Registration.objects.bulk_create(
        [
            Registration(event=event, full_name=f"P{n}", email=f"p{n}@ex.fr", status=status)
            for n, status in enumerate(["confirmed", "confirmed", "waiting", "cancelled"])
        ]
    )
    _assert_exact()
    assert Event.objects.annotate(n=confirmed_count()).get(pk=event.pk).n == 2
