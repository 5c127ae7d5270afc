"""The coordination's pages: campaign creation and editing, opening to proposals, events
outside a campaign. Each role is tried on each page."""

import datetime as dt

import pytest
from django.utils import timezone

from labnet.core.models import AuditEntry
from labnet.events.enums import EventStatus
from labnet.events.models import Campaign, Event
from tests.events.campaign_helpers import normandie, open_campaign
from tests.factories import LabFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(db):
    return open_campaign(accepts_proposals=False)


def _pages(campaign):
    return [
        ("get", "/evenements/campagnes/nouvelle/"),
        ("get", f"/evenements/campagnes/{campaign.key}/modifier/"),
        ("post", f"/evenements/campagnes/{campaign.key}/ouverture/"),
        ("get", "/evenements/nouvel-evenement/"),
        ("post", "/evenements/nouvel-evenement/"),
    ]


def test_visitors_are_sent_to_sign_in(client, campaign):
    for method, url in _pages(campaign):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/compte/connexion/"), url


@pytest.mark.parametrize("role", ["agent", "member", "lead", "other_lead"])
def test_other_roles_get_a_refusal_that_says_why(client, campaign, lab, role):
    user = {
        "agent": lambda: UserFactory(),
        "member": lambda: MembershipFactory(lab=lab).user,
        "lead": lambda: MembershipFactory(lab=lab, lead=True).user,
        "other_lead": lambda: MembershipFactory(lab=LabFactory(), lead=True).user,
    }[role]()
    client.force_login(user)
    for method, url in _pages(campaign):
        response = getattr(client, method)(url, {"open": "1"} if method == "post" else None)
        assert response.status_code == 403, url
        assert "Seule la coordination nationale" in response.content.decode(), url
    campaign.refresh_from_db()
    assert campaign.accepts_proposals is False
    assert not Event.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_coordinator_creates_a_campaign_open_to_proposals(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/evenements/campagnes/nouvelle/").status_code == 200
    today = timezone.localdate()
    response = client.post(
        "/evenements/campagnes/nouvelle/",
        {
            "name": "Semaine de l'innovation normande",
            "kind": "regional_programme",
            "starts_on": (today + dt.timedelta(days=3)).isoformat(),
            "ends_on": (today + dt.timedelta(days=10)).isoformat(),
            "accepts_proposals": "on",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/evenements/campagnes/{campaign.key}/"
    assert campaign.accepts_proposals is True
    page = client.get(response["Location"]).content.decode()
    assert "La campagne « Semaine de l&#x27;innovation normande » est créée." in page
    assert "Fermer aux propositions" in page


def test_a_wrong_campaign_keeps_what_was_typed(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/evenements/campagnes/nouvelle/",
        {"name": "Campagne sans nature", "kind": "", "starts_on": "2026-13-40"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choisissez la nature de la campagne." in html
    assert "Saisissez une date valide" in html
    assert 'value="Campagne sans nature"' in html
    assert not Campaign.objects.exists()


def test_the_coordinator_opens_then_edits_a_campaign(client, coordinator, campaign):
    client.force_login(coordinator)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Ouvrir aux propositions" in page
    response = client.post(f"/evenements/campagnes/{campaign.key}/ouverture/", {"open": "1"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.accepts_proposals is True
    assert "désormais les propositions" in client.get(campaign.get_absolute_url()).content.decode()

    form = client.get(f"/evenements/campagnes/{campaign.key}/modifier/").content.decode()
    assert f'value="{campaign.name}"' in form.replace("&#x27;", "'")
    response = client.post(
        f"/evenements/campagnes/{campaign.key}/modifier/",
        {
            "name": "Mois de l'innovation publique 2026 (prolongé)",
            "kind": "national_month",
            "edition": "13",
            "starts_on": campaign.starts_on.isoformat(),
            "ends_on": (campaign.ends_on + dt.timedelta(days=7)).isoformat(),
            "accepts_proposals": "on",
        },
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name.endswith("(prolongé)")
    assert AuditEntry.objects.filter(action="events.campaign_update", actor=coordinator).exists()


def test_agents_see_no_coordination_buttons(client, agent, campaign):
    client.force_login(agent)
    assert "Ouvrir aux propositions" not in client.get(campaign.get_absolute_url()).content.decode()
    assert "Créer une campagne" not in client.get("/evenements/campagnes/").content.decode()


def test_the_coordinator_publishes_an_event_outside_a_campaign(client, coordinator):
    _region, department = normandie()
    organisation = OrganisationFactory()
    client.force_login(coordinator)
    form = client.get("/evenements/nouvel-evenement/").content.decode()
    # The commune is required for an event in a place: not marked "(Optionnel)".
    commune_label = form.split('for="id_commune"')[1].split("</label>")[0]
    assert "Optionnel" not in commune_label and "Optional" not in commune_label
    assert "Obligatoire pour un événement sur place" in commune_label
    day = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    data = {
        "title": "Rencontre du réseau",
        "format": "conference",
        "audience": "all_agents",
        "description": "Les labs se retrouvent.",
        "start_date": day,
        "start_time": "10:00",
        "end_date": day,
        "end_time": "12:00",
        "time_zone": "Europe/Paris",
        "department": department.pk,
        "organiser_organisation": organisation.key,
    }
    # A place without its commune: refused, with the rule's one message, nothing lost.
    response = client.post("/evenements/nouvel-evenement/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Indiquez la commune où se tient l&#x27;événement" in html
    assert 'value="Rencontre du réseau"' in html

    response = client.post("/evenements/nouvel-evenement/", {**data, "commune": "Caen"})
    event = Event.objects.get()
    assert response["Location"] == event.get_absolute_url()
    assert event.status == EventStatus.PUBLISHED and event.campaign is None
    page = client.get(event.get_absolute_url()).content.decode()
    assert "L&#x27;événement « Rencontre du réseau » est publié." in page
    assert "de 10\u00a0h à 12\u00a0h" in page
