"""Proposing an event through the form, "my proposals", and the coordination's review."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from labnet.core.models import AuditEntry
from labnet.events.enums import EventStatus
from labnet.events.models import Event
from tests.events.campaign_helpers import normandie, open_campaign, prefecture
from tests.events.factories import EventFactory
from tests.factories import LabFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return open_campaign()


@pytest.fixture
def form_data():
    _region, department = normandie()
    day = dt.date.today() + dt.timedelta(days=10)
    return {
        "title": "Atelier design des politiques publiques",
        "format": "workshop",
        "audience": "all_agents",
        "description": "Trois heures pour tester un parcours usager.",
        "start_date": day.isoformat(),
        "start_time": "09:30",
        "end_date": day.isoformat(),
        "end_time": "12:30",
        "time_zone": "Europe/Paris",
        "venue": "Préfecture",
        "address": "7 place de la Madeleine",
        "commune": "Rouen",
        "department": department.pk,
        "organiser_organisation": prefecture().key,
        "capacity": "25",
    }


def _url(campaign):
    return f"/evenements/campagnes/{campaign.key}/proposer/"


def test_visitors_are_sent_to_sign_in(client, campaign):
    response = client.get(_url(campaign))
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=")


def test_a_closed_campaign_refuses_proposals(client, agent):
    closed = open_campaign(key="ferme", accepts_proposals=False)
    client.force_login(agent)
    response = client.get(_url(closed))
    assert response.status_code == 403
    assert "Cette campagne ne reçoit pas de propositions d&#x27;événements." in (
        response.content.decode()
    )


def test_the_form_offers_only_the_proposers_labs(client, agent, lab, lab_member, campaign):
    LabFactory(name="Un autre lab")
    client.force_login(agent)
    assert 'name="organiser_lab"' not in client.get(_url(campaign)).content.decode()
    client.force_login(lab_member)
    html = client.get(_url(campaign)).content.decode()
    assert f'<option value="{lab.key}">' in html and "Un autre lab" not in html


def test_an_agent_proposes_an_event(
    client, agent, coordinator, campaign, form_data, django_capture_on_commit_callbacks
):
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(campaign), form_data)

    assert response.status_code == 302
    assert response["Location"] == "/evenements/mes-propositions/"
    event = Event.objects.get()
    assert (event.status, event.created_by, event.region_id, event.campaign) == (
        EventStatus.PROPOSED,
        agent,
        "28",
        campaign,
    )
    local = event.starts_at.astimezone(event.zone)
    assert (local.hour, local.minute) == (9, 30)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([agent.email, coordinator.email])


def test_an_end_before_the_start_is_said_on_the_end_date_and_nothing_is_lost(
    client, agent, campaign, form_data
):
    client.force_login(agent)
    response = client.post(_url(campaign), {**form_data, "end_time": "08:00"})

    html = response.content.decode()
    assert response.status_code == 400
    assert Event.objects.count() == 0
    assert "La fin doit être après le début de l&#x27;événement." in html
    end_field = html[html.index('id="id_end_date"') - 600 : html.index('id="id_end_date"') + 600]
    assert "fr-input-group--error" in end_field
    assert 'value="Atelier design des politiques publiques"' in html
    assert "Trois heures pour tester un parcours usager." in html
    assert 'value="08:00"' in html


def test_online_without_a_link_and_bad_values_are_said(client, agent, campaign, form_data):
    client.force_login(agent)
    response = client.post(
        _url(campaign),
        {**form_data, "is_online": "on", "capacity": "0", "start_date": "demain"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Saisissez une date valide, ex. 2026-11-24." in html
    assert "Le nombre de places est d&#x27;au moins 1, ou laissez vide." in html
    response = client.post(_url(campaign), {**form_data, "is_online": "on"})
    assert "Un événement en ligne a besoin de son lien de connexion." in response.content.decode()


def test_my_proposals_show_status_and_the_coordinations_message(client, agent, campaign):
    EventFactory(
        campaign=campaign,
        created_by=agent,
        status=EventStatus.CHANGES_REQUESTED,
        title="Mon atelier",
        review_message="Ajoutez l'adresse exacte.",
    )
    EventFactory(campaign=campaign, status=EventStatus.PROPOSED, title="Pas le mien")
    client.force_login(agent)

    html = client.get("/evenements/mes-propositions/").content.decode()

    assert "Mon atelier" in html and "Pas le mien" not in html
    assert "modifications demandées" in html
    assert "Ajoutez l&#x27;adresse exacte." in html


def test_the_organiser_edits_and_resubmits_a_proposal(client, agent, campaign, form_data):
    event = EventFactory(
        campaign=campaign,
        created_by=agent,
        status=EventStatus.CHANGES_REQUESTED,
        review_message="Précisez le lieu.",
        organiser_organisation=prefecture(),
    )
    client.force_login(agent)
    url = f"/evenements/mes-propositions/{event.key}/modifier/"

    page = client.get(url).content.decode()
    response = client.post(url, {**form_data, "venue": "Salle des fêtes"})

    assert "Précisez le lieu." in page and f'value="{escape(event.title)}"' in page
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.status, event.venue) == (EventStatus.PROPOSED, "Salle des fêtes")


def test_others_cannot_see_a_proposal_and_a_decided_one_is_not_editable(client, agent, campaign):
    event = EventFactory(campaign=campaign, created_by=agent, status=EventStatus.PROPOSED)
    url = f"/evenements/mes-propositions/{event.key}/modifier/"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    Event.objects.filter(pk=event.pk).update(status=EventStatus.REFUSED)
    client.force_login(agent)
    assert client.get(url).status_code == 403


def test_the_review_queue_is_for_the_coordination(client, agent, coordinator, campaign):
    EventFactory(campaign=campaign, status=EventStatus.PROPOSED, title="À relire")
    client.force_login(agent)
    assert client.get("/evenements/propositions/").status_code == 403
    client.force_login(coordinator)
    response = client.get("/evenements/propositions/")
    assert response.status_code == 200
    assert "À relire" in response.content.decode()


def test_the_review_queue_query_count_does_not_grow(client, coordinator, campaign):
    def proposals(n):
        for _ in range(n):
            EventFactory(
                campaign=campaign,
                status=EventStatus.PROPOSED,
                created_by=UserFactory(),
                organiser_lab=LabFactory(),
            )

    client.force_login(coordinator)
    proposals(2)
    two = _count(client, "/evenements/propositions/")
    proposals(8)
    assert _count(client, "/evenements/propositions/") == two


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_coordinator_validates_a_proposal(
    client, agent, coordinator, campaign, django_capture_on_commit_callbacks
):
    event = EventFactory(campaign=campaign, created_by=agent, status=EventStatus.PROPOSED)
    client.force_login(coordinator)
    url = f"/evenements/propositions/{event.key}/"
    assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "validate", "message": ""})

    assert response.status_code == 302
    assert response["Location"] == "/evenements/propositions/"
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert AuditEntry.objects.filter(action="events.event_validate", actor=coordinator).count() == 1
    assert [m.to for m in mail.outbox] == [[agent.email]]


def test_asking_for_changes_without_a_message_is_refused_next_to_the_message(
    client, agent, coordinator, campaign
):
    event = EventFactory(campaign=campaign, created_by=agent, status=EventStatus.PROPOSED)
    client.force_login(coordinator)
    response = client.post(
        f"/evenements/propositions/{event.key}/", {"decision": "request_changes", "message": ""}
    )
    assert response.status_code == 400
    assert (
        "Dites à l&#x27;organisateur ce qu&#x27;il faut modifier : le message lui est envoyé."
        in response.content.decode()
    )
    event.refresh_from_db()
    assert event.status == EventStatus.PROPOSED


def test_only_the_coordination_opens_a_review_page(client, agent, campaign):
    event = EventFactory(campaign=campaign, created_by=agent, status=EventStatus.PROPOSED)
    client.force_login(agent)
    response = client.post(f"/evenements/propositions/{event.key}/", {"decision": "validate"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.status == EventStatus.PROPOSED
