from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from labnet.core.personal_data import sections
from labnet.events.enums import RegistrationStatus
from labnet.events.models import Registration
from labnet.events.personal_data import (
    registrations_erase,
    registrations_export,
    unconfirmed_purge,
)
from labnet.events.registrations import registration_create
from tests.factories import UserFactory

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_the_section_is_registered():
    assert "event_registrations" in sections.keys


def test_the_export_holds_the_person_registrations_only(agent):
    event = EventFactory(title="Atelier")
    registration_create(actor=agent, event=event)
    RegistrationFactory(event=event)  # someone else

    rows = registrations_export(agent)

    assert [(row["event"], row["email"], row["status"]) for row in rows] == [
        ("Atelier", agent.email, "confirmed")
    ]


def test_erasure_frees_the_place_for_the_first_person_waiting(
    agent, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    registration_create(actor=agent, event=event)
    waiting = registration_create(actor=UserFactory(email="suivant@exemple.gouv.fr"), event=event)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registrations_erase(agent)

    assert not Registration.objects.filter(email=agent.email).exists()
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [["suivant@exemple.gouv.fr"]]


def test_the_purge_removes_unconfirmed_visitor_registrations_after_30_days():
    now = timezone.now()
    old = RegistrationFactory(
        user=None,
        status=RegistrationStatus.PENDING,
        confirmed_at=None,
        token_expires_at=now - timedelta(days=31),
    )
    released = RegistrationFactory(
        user=None,
        status=RegistrationStatus.CANCELLED,
        confirmed_at=None,
        token_expires_at=now - timedelta(days=40),
    )
    recent = RegistrationFactory(
        user=None,
        status=RegistrationStatus.PENDING,
        confirmed_at=None,
        token_expires_at=now - timedelta(days=29),
    )
    confirmed = RegistrationFactory(user=None, token_expires_at=now - timedelta(days=60))

    assert unconfirmed_purge(now) == 2

    remaining = set(Registration.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, confirmed.pk}
    assert old.pk not in remaining and released.pk not in remaining
