import importlib
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from labnet.core.models import AuditEntry
from labnet.core.personal_data import sections
from labnet.events.enums import Attendance, RegistrationStatus
from labnet.events.models import Registration
from labnet.events.personal_data import (
    registrations_erase,
    registrations_export,
    registrations_purge,
    unconfirmed_purge,
    visitors_anonymise,
)
from labnet.events.registrations import registration_cancel, registration_create
from labnet.people.personal_data.rights import personal_data_purge
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


def test_the_purge_removes_unconfirmed_visitor_registrations_after_30_days(settings):
    settings.LABNET_RETENTION_DAYS = 30
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


def test_the_purge_follows_the_retention_setting(settings):
    settings.LABNET_RETENTION_DAYS = 7
    now = timezone.now()
    gone = RegistrationFactory(
        user=None,
        status=RegistrationStatus.CANCELLED,
        confirmed_at=None,
        token_expires_at=now - timedelta(days=8),
    )
    kept = RegistrationFactory(
        user=None,
        status=RegistrationStatus.CANCELLED,
        confirmed_at=None,
        token_expires_at=now - timedelta(days=6),
    )

    counts = personal_data_purge(now=now)

    assert counts["event_registrations"] == 1
    assert list(Registration.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not Registration.objects.filter(pk=gone.pk).exists()
    entry = AuditEntry.objects.get(action="people.personal_data_purge")
    assert entry.changes["retention_days"] == 7


def test_a_registration_reads_without_the_person_name():
    event = EventFactory(title="Atelier")
    registration = registration_create(
        actor=None, event=event, full_name="Victor Visiteur", email="victor@exemple.fr"
    )

    assert str(registration) == f"Inscription n° {registration.pk} — Atelier"
    entry = AuditEntry.objects.get(action="events.registration_create")
    assert entry.target_repr == f"Inscription n° {registration.pk} — Atelier"


def test_the_purge_blanks_the_audit_entries_of_the_rows_it_deletes(settings):
    settings.LABNET_RETENTION_DAYS = 30
    event = EventFactory(title="Atelier")
    old = registration_create(
        actor=None,
        event=event,
        full_name="Victor Visiteur",
        email="victor@exemple.fr",
        now=timezone.now() - timedelta(days=40),
    )
    other = registration_create(actor=UserFactory(), event=event)

    counts = personal_data_purge(now=timezone.now())

    assert counts["event_registrations"] == 1
    assert not Registration.objects.filter(pk=old.pk).exists()
    entries = {
        e.target_id: (e.target_repr, e.changes)
        for e in AuditEntry.objects.filter(action="events.registration_create")
    }
    assert entries == {
        str(old.pk): ("", {}),
        str(other.pk): (
            f"Inscription n° {other.pk} — Atelier",
            {"status": [None, "confirmed"], "event": event.key},
        ),
    }


def test_erasure_blanks_the_audit_entries_of_the_person_registrations(agent):
    event = EventFactory(title="Atelier")
    mine = registration_create(actor=agent, event=event)
    registration_cancel(actor=agent, registration=mine)
    again = registration_create(actor=agent, event=event)
    someone = registration_create(actor=UserFactory(), event=event)

    registrations_erase(agent)

    blanked = AuditEntry.objects.filter(
        target_type="events.registration", target_id__in=[str(mine.pk), str(again.pk)]
    )
    assert sorted(blanked.values_list("action", "target_repr", "changes")) == [
        ("events.registration_cancel", "", {}),
        ("events.registration_create", "", {}),
        ("events.registration_create", "", {}),
    ]
    assert AuditEntry.objects.get(target_id=str(someone.pk)).target_repr == (
        f"Inscription n° {someone.pk} — Atelier"
    )


def test_visitors_are_anonymised_after_the_longer_period_and_counts_stay(settings):
    settings.LABNET_VISITOR_RETENTION_DAYS = 365
    now = timezone.now()
    old_event = EventFactory(
        starts_at=now - timedelta(days=400), ends_at=now - timedelta(days=400, hours=-2)
    )
    recent_event = EventFactory(
        starts_at=now - timedelta(days=300), ends_at=now - timedelta(days=300, hours=-2)
    )
    came = RegistrationFactory(
        event=old_event,
        user=None,
        full_name="Vera Visiteuse",
        email="vera@exemple.fr",
        organisation_name="Mairie de Rouen",
        attendance=Attendance.PRESENT,
    )
    cancelled = RegistrationFactory(
        event=old_event, user=None, email="cancel@exemple.fr", status=RegistrationStatus.CANCELLED
    )
    member = RegistrationFactory(
        event=old_event, user=UserFactory(), full_name="Agnès Agent", email="a@exemple.fr"
    )
    recent = RegistrationFactory(event=recent_event, user=None, full_name="Rita Récente")

    assert visitors_anonymise(now) == 2
    assert visitors_anonymise(now) == 0  # already done: nothing twice

    rows = {
        r.pk: (r.full_name, r.email, r.organisation_name, r.status, r.attendance)
        for r in Registration.objects.all()
    }
    assert rows[came.pk] == (
        "Personne anonymisée",
        f"visiteur-{came.pk}@anonymise.invalid",
        "",
        RegistrationStatus.CONFIRMED,
        Attendance.PRESENT,
    )
    assert rows[cancelled.pk][:3] == (
        "Personne anonymisée",
        f"visiteur-{cancelled.pk}@anonymise.invalid",
        "",
    )
    assert rows[cancelled.pk][3] == RegistrationStatus.CANCELLED
    # Accounts' registrations follow the account; a recent event keeps its visitors.
    assert rows[member.pk][:2] == ("Agnès Agent", "a@exemple.fr")
    assert rows[recent.pk][0] == "Rita Récente"


def test_the_section_purge_deletes_and_anonymises(settings):
    settings.LABNET_RETENTION_DAYS = 30
    settings.LABNET_VISITOR_RETENTION_DAYS = 365
    now = timezone.now()
    past = EventFactory(
        starts_at=now - timedelta(days=400), ends_at=now - timedelta(days=400, hours=-2)
    )
    RegistrationFactory(event=past, user=None, email="vera@exemple.fr")
    RegistrationFactory(
        user=None,
        status=RegistrationStatus.PENDING,
        confirmed_at=None,
        token_expires_at=now - timedelta(days=31),
    )

    assert registrations_purge(now) == 2

    assert Registration.objects.count() == 1
    assert not Registration.objects.filter(email="vera@exemple.fr").exists()


def test_the_migration_takes_names_out_of_older_audit_entries():
    migration = importlib.import_module("labnet.events.migrations.0002_registration_ics_token")
    older = AuditEntry.objects.create(
        channel="web",
        action="events.registration_create",
        target_type="events.registration",
        target_id="12",
        target_repr="Victor Visiteur — Atelier",
        changes={"status": [None, "pending"]},
    )
    blanked = AuditEntry.objects.create(
        channel="web", action="events.registration_cancel", target_type="events.registration"
    )
    event_entry = AuditEntry.objects.create(
        channel="web",
        action="events.event_cancel",
        target_type="events.event",
        target_repr="Atelier",
    )

    # The models as that migration saw them (today's AuditEntry refuses to be rewritten).
    migration.forget_names_in_audit(
        MigrationLoader(connection).project_state(("events", "0002_registration_ics_token")).apps,
        None,
    )

    assert [
        (e.target_repr, e.changes)
        for e in AuditEntry.objects.filter(pk__in=[older.pk, blanked.pk, event_entry.pk]).order_by(
            "pk"
        )
    ] == [
        ("Inscription n° 12", {"status": [None, "pending"]}),
        ("", {}),
        ("Atelier", {}),
    ]
