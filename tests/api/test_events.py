"""Events and registrations in API v1: same rules and messages as the pages."""

import zoneinfo
from datetime import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.core.models import AuditEntry
from labnet.events.enums import EventFormat, EventStatus, RegistrationStatus
from labnet.events.models import Registration
from tests.events.factories import CampaignFactory, EventFactory, RegistrationFactory
from tests.factories import LabFactory, RegionFactory, UserFactory

from .conftest import client_with_token, keys

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
REUNION = zoneinfo.ZoneInfo("Indian/Reunion")


def test_the_list_holds_public_events_soonest_first(api):
    EventFactory(key="b", starts_at=datetime(2026, 12, 2, 9, tzinfo=PARIS))
    EventFactory(key="a", starts_at=datetime(2026, 12, 1, 9, tzinfo=PARIS))
    EventFactory(
        key="annule",
        status=EventStatus.CANCELLED,
        starts_at=datetime(2026, 12, 3, 9, tzinfo=PARIS),
        ends_at=datetime(2026, 12, 3, 11, tzinfo=PARIS),
    )
    EventFactory(key="propose", status=EventStatus.PROPOSED)

    assert keys(api.get("/api/v1/events/")) == ["a", "b", "annule"]
    assert api.get("/api/v1/events/propose/").status_code == 404


def test_an_event_reads_in_its_own_zone_without_the_link(api):
    EventFactory(
        key="reunion",
        time_zone="Indian/Reunion",
        starts_at=datetime(2026, 10, 26, 10, tzinfo=REUNION),
        ends_at=datetime(2026, 10, 26, 12, tzinfo=REUNION),
        capacity=10,
        is_online=True,
        online_url="https://visio.example.fr/secret",
    )

    data = api.get("/api/v1/events/reunion/").json()

    assert data["starts_at"] == "2026-10-26T10:00:00+04:00"
    assert data["ends_at"] == "2026-10-26T12:00:00+04:00"
    assert data["time_zone"] == "Indian/Reunion"
    assert data["places_left"] == 10
    assert data["online_url"] is None
    assert data["url"] == "http://testserver/evenements/reunion/"
    assert data["ics_url"] == "http://testserver/evenements/reunion/calendrier.ics"


def test_filters_by_format_region_campaign_lab_and_dates(api):
    normandie = RegionFactory(code="28", name="Normandie")
    lab = LabFactory(key="innovmandie")
    campaign = CampaignFactory(key="mois-2026")
    EventFactory(
        key="tout",
        format=EventFormat.WEBINAR,
        region=normandie,
        organiser_lab=lab,
        campaign=campaign,
        starts_at=datetime(2026, 11, 20, 10, tzinfo=PARIS),
    )
    EventFactory(key="autre", starts_at=datetime(2026, 12, 20, 10, tzinfo=PARIS))

    assert keys(api.get("/api/v1/events/?event_format=webinar")) == ["tout"]
    assert keys(api.get("/api/v1/events/?event_format=webinar&event_format=workshop")) == [
        "tout",
        "autre",
    ]
    assert keys(api.get("/api/v1/events/?region=28")) == ["tout"]
    assert keys(api.get("/api/v1/events/?campaign=mois-2026")) == ["tout"]
    assert keys(api.get("/api/v1/events/?lab=innovmandie")) == ["tout"]
    assert keys(api.get("/api/v1/events/?starts_after=2026-12-01")) == ["autre"]
    assert keys(api.get("/api/v1/events/?starts_before=2026-11-20")) == ["tout"]
    bad = api.get("/api/v1/events/?event_format=bal")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "event_format"


def test_the_list_query_count_does_not_grow(api, agent):
    client = client_with_token(agent)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/events/").status_code == 200
        return len(ctx.captured_queries)

    for event in EventFactory.create_batch(2, organiser_lab=LabFactory()):
        RegistrationFactory(event=event)
    two = count()
    for event in EventFactory.create_batch(8, organiser_lab=LabFactory()):
        RegistrationFactory(event=event)
    # token, the caller's confirmed places (for the links), count, one page of events
    assert (two, count()) == (4, 4)


def test_registering_through_the_api(agent, django_capture_on_commit_callbacks):
    EventFactory(key="webinaire", capacity=1, is_online=True, online_url="https://visio.ex/s")
    client = client_with_token(agent)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/events/webinaire/registrations/")

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "confirmed"
    assert data["online_url"] == "https://visio.ex/s"
    assert data["event"]["key"] == "webinaire"
    registration = Registration.objects.get(pk=data["id"])
    # The calendar address has its own secret: shared, it cannot cancel the place.
    assert data["ics_url"] == (
        f"http://testserver/evenements/inscription/{registration.ics_token}/calendrier.ics"
    )
    assert str(registration.token) not in data["ics_url"]
    assert [m.to for m in mail.outbox] == [[agent.email]]
    assert AuditEntry.objects.get(action="events.registration_create").channel == "api"
    # The event now tells the registrant its link.
    assert client.get("/api/v1/events/webinaire/").json()["online_url"] == "https://visio.ex/s"
    assert client.get("/api/v1/events/").json()["results"][0]["online_url"] == (
        "https://visio.ex/s"
    )

    again = client.post("/api/v1/events/webinaire/registrations/")
    assert again.status_code == 400
    assert again.json() == {
        "errors": [
            {
                "field": "email",
                "message": "Cette adresse est déjà inscrite à cet événement (ou sur sa liste "
                "d'attente) : retrouvez le lien d'annulation dans le courriel reçu.",
                "code": "duplicate",
            }
        ]
    }


def test_registering_needs_a_token(api):
    EventFactory(key="atelier")
    response = api.post("/api/v1/events/atelier/registrations/")
    assert response.status_code == 401
    assert Registration.objects.count() == 0


def test_a_closed_event_refuses_with_a_code(agent):
    EventFactory(key="annule", status=EventStatus.CANCELLED)
    response = client_with_token(agent).post("/api/v1/events/annule/registrations/")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": None,
            "message": "Les inscriptions à cet événement sont fermées.",
            "code": "closed",
        }
    ]


def test_one_sees_and_cancels_only_ones_own_registrations(
    agent, django_capture_on_commit_callbacks
):
    event = EventFactory(key="atelier", capacity=1)
    mine = RegistrationFactory(event=event, user=agent, email=agent.email)
    waiting = RegistrationFactory(
        event=event, status=RegistrationStatus.WAITING, position=1, email="w@exemple.gouv.fr"
    )
    client = client_with_token(agent)

    listed = client.get("/api/v1/registrations/")
    assert [row["id"] for row in listed.json()["results"]] == [mine.pk]
    assert client.get(f"/api/v1/registrations/{waiting.pk}/").status_code == 404
    assert client.post(f"/api/v1/registrations/{waiting.pk}/cancel/").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/registrations/{mine.pk}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert ["w@exemple.gouv.fr"] in [m.to for m in mail.outbox]


def test_attendees_are_for_the_organisers_only(agent, lab, lab_member):
    event = EventFactory(key="atelier", organiser_lab=lab)
    RegistrationFactory(event=event, full_name="Paul", email="paul@exemple.gouv.fr")

    refused = client_with_token(agent).get("/api/v1/events/atelier/attendees/")
    assert refused.status_code == 403
    assert "paul" not in refused.content.decode()

    response = client_with_token(lab_member).get("/api/v1/events/atelier/attendees/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert [(row["full_name"], row["email"], row["status"]) for row in data["results"]] == [
        ("Paul", "paul@exemple.gouv.fr", "confirmed")
    ]


def test_attendees_are_paged_in_the_order_of_the_sheet(lab, lab_member):
    event = EventFactory(key="atelier", organiser_lab=lab)
    RegistrationFactory(event=event, email="c@ex.fr", status=RegistrationStatus.CANCELLED)
    waiting = RegistrationStatus.WAITING
    RegistrationFactory(event=event, email="w2@ex.fr", status=waiting, position=2)
    RegistrationFactory(event=event, email="w1@ex.fr", status=waiting, position=1)
    RegistrationFactory(event=event, email="p@ex.fr", status=RegistrationStatus.PENDING)
    RegistrationFactory(event=event, email="a@ex.fr")
    RegistrationFactory(event=event, email="b@ex.fr")
    client = client_with_token(lab_member)

    first = client.get("/api/v1/events/atelier/attendees/?page_size=4").json()
    second = client.get(first["next"]).json()

    assert first["count"] == 6
    assert [row["email"] for row in first["results"] + second["results"]] == [
        "a@ex.fr",
        "b@ex.fr",
        "p@ex.fr",
        "w1@ex.fr",
        "w2@ex.fr",
        "c@ex.fr",
    ]
    assert second["next"] is None


def test_an_organiser_reads_the_link_of_their_event(lab, lab_member):
    EventFactory(key="webinaire", organiser_lab=lab, is_online=True, online_url="https://v.ex/s")

    data = client_with_token(lab_member).get("/api/v1/events/webinaire/").json()

    assert data["online_url"] == "https://v.ex/s"


def test_strangers_get_no_link(api):
    EventFactory(key="webinaire", is_online=True, online_url="https://v.ex/s")
    other = UserFactory()
    assert client_with_token(other).get("/api/v1/events/webinaire/").json()["online_url"] is None


def test_my_registrations_query_count_does_not_grow(agent):
    client = client_with_token(agent)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/registrations/").status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        RegistrationFactory(user=agent, email=agent.email)
    two = count()
    for _ in range(8):
        RegistrationFactory(user=agent, email=agent.email)
    # token, count, one page of registrations with their events
    assert (two, count()) == (3, 3)


def test_an_account_does_not_open_visitor_registrations_made_with_its_address(agent):
    # Account addresses are not proved: a visitor's registration stays behind its link.
    visitor_row = RegistrationFactory(user=None, email=agent.email)
    client = client_with_token(agent)

    assert client.get("/api/v1/registrations/").json()["results"] == []
    assert client.post(f"/api/v1/registrations/{visitor_row.pk}/cancel/").status_code == 404
    visitor_row.refresh_from_db()
    assert visitor_row.status == RegistrationStatus.CONFIRMED
