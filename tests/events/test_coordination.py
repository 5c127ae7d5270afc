"""The coordination creates campaigns, opens them to proposals and publishes events of
its own, in the site; every role is checked, every write audited."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from labnet.core.models import AuditEntry
from labnet.events.coordination import (
    campaign_create,
    campaign_open_proposals,
    campaign_update,
    event_create,
)
from labnet.events.enums import EventStatus
from labnet.events.models import Campaign
from tests.events.campaign_helpers import in_days, normandie, open_campaign
from tests.factories import LabFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _campaign_data(**kwargs):
    today = timezone.localdate()
    return {
        "name": "Mois de l'innovation publique 2027",
        "kind": "national_month",
        "edition": 14,
        "starts_on": today + dt.timedelta(days=10),
        "ends_on": today + dt.timedelta(days=40),
        "region": None,
        "organiser": None,
        "description": "Le rendez-vous annuel.",
        "accepts_proposals": False,
        **kwargs,
    }


def _event_data(**kwargs):
    _region, department = normandie()
    return {
        "title": "Webinaire de la coordination",
        "format": "webinar",
        "audience": "all_agents",
        "description": "Présentation du réseau.",
        "starts_at": in_days(3, 10),
        "ends_at": in_days(3, 11),
        "time_zone": "Europe/Paris",
        "is_online": False,
        "online_url": "",
        "venue": "",
        "address": "",
        "commune": "Rouen",
        "department": department,
        "organiser_lab": None,
        "organiser_organisation": OrganisationFactory(),
        "capacity": None,
        **kwargs,
    }


def _others(lab):
    from tests.factories import UserFactory

    member = MembershipFactory(lab=lab).user
    lead = MembershipFactory(lab=lab, lead=True).user
    other_lead = MembershipFactory(lab=LabFactory(), lead=True).user
    return [UserFactory(), member, lead, other_lead]


def test_the_coordinator_creates_a_campaign_audited(coordinator):
    campaign = campaign_create(actor=coordinator, data=_campaign_data())
    assert campaign.key == "mois-de-linnovation-publique-2027-14"
    assert campaign.accepts_proposals is False
    entry = AuditEntry.objects.get(action="events.campaign_create")
    assert entry.actor == coordinator
    assert entry.target_id == str(campaign.pk)
    assert entry.changes["name"] == [None, "Mois de l'innovation publique 2027"]


def test_only_the_coordinator_creates_or_changes_campaigns(lab, coordinator):
    from django.contrib.auth.models import AnonymousUser

    campaign = open_campaign()
    for user in [AnonymousUser(), *_others(lab)]:
        with pytest.raises(PermissionDenied):
            campaign_create(actor=user, data=_campaign_data())
        with pytest.raises(PermissionDenied):
            campaign_update(actor=user, campaign=campaign, data=_campaign_data())
        with pytest.raises(PermissionDenied):
            campaign_open_proposals(actor=user, campaign=campaign, open=False)
        with pytest.raises(PermissionDenied):
            event_create(actor=user, data=_event_data())
    assert Campaign.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_campaign_values_are_checked_in_french(coordinator):
    with pytest.raises(ValidationError) as error:
        campaign_create(
            actor=coordinator,
            data=_campaign_data(
                name=" ",
                kind="",
                ends_on=timezone.localdate() - dt.timedelta(days=400),
            ),
        )
    assert error.value.message_dict == {
        "name": ["Donnez un nom à la campagne."],
        "kind": ["Choisissez la nature de la campagne."],
        "ends_on": ["La fin de la campagne est avant son début."],
    }


def test_opening_and_closing_to_proposals(coordinator):
    campaign = campaign_create(actor=coordinator, data=_campaign_data())
    campaign_open_proposals(actor=coordinator, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.accepts_proposals is True
    with pytest.raises(ValidationError, match="reçoit déjà"):
        campaign_open_proposals(actor=coordinator, campaign=campaign)
    campaign_open_proposals(actor=coordinator, campaign=campaign, open=False)
    campaign.refresh_from_db()
    assert campaign.accepts_proposals is False
    assert list(
        AuditEntry.objects.filter(target_id=str(campaign.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "events.campaign_create",
        "events.campaign_open_proposals",
        "events.campaign_close_proposals",
    ]


def test_a_finished_campaign_is_not_opened(coordinator):
    campaign = open_campaign(
        key="passee",
        accepts_proposals=False,
        starts_on=dt.date(2020, 11, 1),
        ends_on=dt.date(2020, 11, 30),
    )
    with pytest.raises(ValidationError, match="terminée"):
        campaign_open_proposals(actor=coordinator, campaign=campaign)


def test_new_dates_may_not_leave_events_outside(coordinator):
    campaign = open_campaign()
    event_create(actor=coordinator, campaign=campaign, data=_event_data())
    data = _campaign_data(
        name=campaign.name,
        starts_on=timezone.localdate() + dt.timedelta(days=5),
        ends_on=timezone.localdate() + dt.timedelta(days=20),
    )
    with pytest.raises(ValidationError) as error:
        campaign_update(actor=coordinator, campaign=campaign, data=data)
    assert "en dehors de ces dates" in error.value.message_dict["starts_on"][0]


def test_the_coordinator_publishes_an_event_outside_any_campaign(coordinator):
    event = event_create(actor=coordinator, data=_event_data())
    assert event.status == EventStatus.PUBLISHED
    assert event.campaign is None
    assert event.created_by == coordinator
    assert event.region.code == "28"
    entry = AuditEntry.objects.get(action="events.event_create")
    assert entry.changes == {"campaign": None, "status": [None, "published"]}


def test_an_event_of_the_coordinator_gets_the_proposal_checks(coordinator):
    with pytest.raises(ValidationError) as error:
        event_create(actor=coordinator, data=_event_data(commune="", title=""))
    assert set(error.value.message_dict) == {"commune", "title"}


def test_no_event_takes_a_fixed_word_of_the_addresses(coordinator):
    event = event_create(actor=coordinator, data=_event_data(title="Nouvel événement"))
    assert event.key == "nouvel-evenement-2"
