"""Campaigns in API v1: figures, programme, proposals and their review."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from labnet.core.models import AuditEntry
from labnet.events.enums import EventStatus
from labnet.events.models import Event
from tests.events.campaign_helpers import in_days, normandie, open_campaign, prefecture
from tests.events.factories import CampaignFactory, EventFactory, RegistrationFactory
from tests.factories import LabFactory, RegionFactory, UserFactory

from .conftest import client_with_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return open_campaign(stated_event_count=350, stated_lab_event_share=33)


def test_campaigns_list_their_stated_and_live_figures(api, campaign):
    by_lab = EventFactory(campaign=campaign, organiser_lab=LabFactory())
    EventFactory(campaign=campaign)
    EventFactory(campaign=campaign, status=EventStatus.PROPOSED)
    RegistrationFactory(event=by_lab)

    response = api.get("/api/v1/campaigns/")

    assert response.status_code == 200
    assert response.data["count"] == 1
    item = response.data["results"][0]
    assert item["key"] == campaign.key
    assert item["stated_figures"] == {"event_count": 350, "lab_event_share": 33}
    assert item["live_figures"] == {
        "event_count": 2,
        "registration_count": 1,
        "lab_event_count": 1,
        "lab_event_share": 50,
    }
    assert item["url"] == f"http://testserver/evenements/campagnes/{campaign.key}/"
    assert api.get(f"/api/v1/campaigns/{campaign.key}/").data["live_figures"]["event_count"] == 2
    assert api.get("/api/v1/campaigns/inconnue/").status_code == 404


def _count(api, url):
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_and_programme_query_counts_do_not_grow(api, campaign):
    region = RegionFactory()
    for _ in range(2):
        EventFactory(campaign=CampaignFactory())
        EventFactory(campaign=campaign, region=region, organiser_lab=LabFactory())
    url = f"/api/v1/campaigns/{campaign.key}/events/?region={region.code}"
    list_two, programme_two = _count(api, "/api/v1/campaigns/"), _count(api, url)
    for _ in range(8):
        EventFactory(campaign=CampaignFactory())
        EventFactory(campaign=campaign, region=region, organiser_lab=LabFactory())
    assert (_count(api, "/api/v1/campaigns/"), _count(api, url)) == (list_two, programme_two)
    # count + page; campaign, region of the filter, count + page
    assert (list_two, programme_two) == (2, 4)


def test_the_programme_lists_public_events_with_the_pages_filters(api, campaign):
    normandie_region = RegionFactory(code="28")
    rouen = EventFactory(campaign=campaign, region=normandie_region, starts_at=in_days(3, 9))
    EventFactory(campaign=campaign, format="webinar", is_online=True, online_url="https://x.fr")
    EventFactory(campaign=campaign, region=normandie_region, status=EventStatus.PROPOSED)
    url = f"/api/v1/campaigns/{campaign.key}/events/"

    everything = api.get(url)
    in_normandie = api.get(url, {"region": "28"})
    webinars = api.get(url, {"event_format": "webinar"})

    assert everything.data["count"] == 2
    assert "online_url" not in everything.data["results"][0]
    assert [e["key"] for e in in_normandie.data["results"]] == [rouen.key]
    assert webinars.data["count"] == 1
    unknown = api.get(url, {"region": "99"})
    reversed_dates = api.get(url, {"date_from": "2026-12-10", "date_to": "2026-12-01"})
    assert (unknown.status_code, reversed_dates.status_code) == (400, 400)
    assert [(e["field"], e["message"]) for e in unknown.data["errors"]] == [
        ("region", "Région inconnue : « 99 »."),
    ]
    assert [(e["field"], e["message"]) for e in reversed_dates.data["errors"]] == [
        ("date_to", "Cette date est avant la date de début du filtre (date_from)."),
    ]


def _proposal(department, **overrides):
    day = dt.date.today() + dt.timedelta(days=10)
    return {
        "title": "Webinaire sur les sciences comportementales",
        "format": "webinar",
        "description": "Une heure pour découvrir la méthode.",
        "starts_at": f"{day.isoformat()}T14:00:00+01:00",
        "ends_at": f"{day.isoformat()}T15:00:00+01:00",
        "is_online": True,
        "online_url": "https://webconf.example.fr/sciences-comportementales",
        "organiser_organisation": prefecture().key,
        "department": department.code,
        **overrides,
    }


def test_a_signed_in_agent_proposes_an_event(agent, coordinator, campaign):
    _region, department = normandie()
    api = client_with_token(agent)

    response = api.post(
        f"/api/v1/campaigns/{campaign.key}/proposals/", _proposal(department), format="json"
    )

    assert response.status_code == 201, response.data
    assert (response.data["status"], response.data["campaign"]) == ("proposed", campaign.key)
    event = Event.objects.get(key=response.data["key"])
    assert (event.created_by, event.is_online, event.region) == (agent, True, None)
    assert AuditEntry.objects.get(action="events.event_propose").channel == AuditEntry.Channel.API


def test_a_wrong_proposal_gets_structured_french_errors(agent, campaign):
    _region, department = normandie()
    api = client_with_token(agent)
    day = dt.date.today() + dt.timedelta(days=10)

    response = api.post(
        f"/api/v1/campaigns/{campaign.key}/proposals/",
        _proposal(department, ends_at=f"{day.isoformat()}T13:00:00+01:00", online_url=""),
        format="json",
    )

    assert response.status_code == 400
    assert sorted((e["field"], e["message"]) for e in response.data["errors"]) == [
        ("ends_at", "La fin doit être après le début de l'événement."),
        ("online_url", "Un événement en ligne a besoin de son lien de connexion."),
    ]
    assert Event.objects.count() == 0


def test_proposing_needs_an_account_and_an_open_campaign(agent, campaign):
    _region, department = normandie()
    anonymous = APIClient().post(
        f"/api/v1/campaigns/{campaign.key}/proposals/", _proposal(department), format="json"
    )
    closed = CampaignFactory(accepts_proposals=False)
    refused = client_with_token(agent).post(
        f"/api/v1/campaigns/{closed.key}/proposals/", _proposal(department), format="json"
    )
    assert anonymous.status_code == 401
    assert refused.status_code == 403
    assert Event.objects.count() == 0


def test_the_coordination_reviews_a_proposal(
    agent, coordinator, campaign, django_capture_on_commit_callbacks
):
    event = EventFactory(campaign=campaign, created_by=agent, status=EventStatus.PROPOSED)
    url = f"/api/v1/events/{event.key}/review/"

    missing = client_with_token(coordinator).post(url, {"decision": "refuse"}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        done = client_with_token(coordinator).post(
            url, {"decision": "request_changes", "message": "Ajoutez le programme."}, format="json"
        )

    assert missing.status_code == 400
    assert missing.data["errors"] == [
        {
            "field": "message",
            "message": "Indiquez le motif du refus : il est envoyé à l'organisateur.",
            "code": "required",
        }
    ]
    assert done.status_code == 200
    assert (done.data["status"], done.data["review_message"]) == (
        "changes_requested",
        "Ajoutez le programme.",
    )
    assert [m.to for m in mail.outbox] == [[agent.email]]


def test_only_the_coordination_reviews_and_strangers_see_nothing(agent, campaign):
    event = EventFactory(campaign=campaign, created_by=agent, status=EventStatus.PROPOSED)
    url = f"/api/v1/events/{event.key}/review/"

    by_organiser = client_with_token(agent).post(url, {"decision": "validate"}, format="json")
    by_stranger = client_with_token(UserFactory()).post(
        url, {"decision": "validate"}, format="json"
    )

    assert by_organiser.status_code == 403
    assert by_stranger.status_code == 404
    event.refresh_from_db()
    assert event.status == EventStatus.PROPOSED
