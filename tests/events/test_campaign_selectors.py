"""Live figures of campaigns, their public programme and its filters, the review queue."""

import datetime as dt

import pytest

from labnet.core.personal_data import sections
from labnet.events.campaign_rules import (
    can_edit_proposal,
    can_organise_for_lab,
    can_propose_to,
    can_review_proposals,
    can_see_proposal,
)
from labnet.events.campaign_selectors import (
    CampaignFigures,
    ProgrammeFilters,
    campaign_get,
    campaign_list,
    campaign_programme,
    proposals_of,
    proposals_to_review,
)
from labnet.events.enums import Audience, EventFormat, EventStatus, RegistrationStatus
from labnet.organisations.enums import OrganisationKind
from tests.events.campaign_helpers import in_days, open_campaign
from tests.events.factories import CampaignFactory, EventFactory, RegistrationFactory
from tests.factories import LabFactory, OrganisationFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_live_figures_count_only_public_events_and_confirmed_registrations():
    campaign = open_campaign()
    lab = LabFactory()
    by_lab = EventFactory(campaign=campaign, organiser_lab=lab)
    EventFactory(campaign=campaign, status=EventStatus.CANCELLED)
    EventFactory(campaign=campaign)
    proposed = EventFactory(campaign=campaign, status=EventStatus.PROPOSED, organiser_lab=lab)
    EventFactory(campaign=campaign, status=EventStatus.REFUSED)
    EventFactory(campaign=CampaignFactory(), organiser_lab=lab)  # another campaign
    RegistrationFactory.create_batch(2, event=by_lab)
    RegistrationFactory(event=by_lab, status=RegistrationStatus.WAITING)
    RegistrationFactory(event=by_lab, status=RegistrationStatus.PENDING)
    RegistrationFactory(event=proposed)

    figures = campaign_get(key=campaign.key).figures

    assert figures == CampaignFigures(event_count=3, registration_count=2, lab_event_count=1)
    assert figures.lab_event_share == 33


def test_a_campaign_without_events_has_no_share():
    campaign = CampaignFactory(stated_event_count=350, stated_lab_event_share=33)
    figures = campaign_get(key=campaign.key).figures
    assert figures == CampaignFigures(event_count=0, registration_count=0, lab_event_count=0)
    assert figures.lab_event_share is None


def test_the_campaign_list_costs_one_query_whatever_its_length(django_assert_num_queries):
    for _ in range(2):
        EventFactory(campaign=CampaignFactory())
    with django_assert_num_queries(1):
        two = campaign_list()
    for _ in range(8):
        RegistrationFactory(event=EventFactory(campaign=CampaignFactory()))
    with django_assert_num_queries(1):
        ten = campaign_list()
    assert (len(two), len(ten)) == (2, 10)
    assert sum(c.figures.registration_count for c in ten) == 8


@pytest.fixture
def programme():
    campaign = open_campaign()
    normandie, bretagne = RegionFactory(code="28"), RegionFactory(code="53")
    lab = LabFactory()
    hospital = OrganisationFactory(kind=OrganisationKind.HOSPITAL)
    events = {
        "early": EventFactory(
            campaign=campaign, region=normandie, starts_at=in_days(2, 9), ends_at=in_days(2, 12)
        ),
        "webinar": EventFactory(
            campaign=campaign,
            format=EventFormat.WEBINAR,
            is_online=True,
            starts_at=in_days(5, 14),
            ends_at=in_days(5, 15),
            organiser_lab=lab,
        ),
        "late": EventFactory(
            campaign=campaign,
            region=bretagne,
            audience=Audience.MANAGERS,
            organiser_organisation=hospital,
            starts_at=in_days(9, 9),
            ends_at=in_days(9, 17),
        ),
    }
    EventFactory(campaign=campaign, region=normandie, status=EventStatus.PROPOSED)
    return campaign, events


def _keys(campaign, **filters):
    return [
        e.key for e in campaign_programme(campaign=campaign, filters=ProgrammeFilters(**filters))
    ]


def test_the_programme_lists_public_events_by_date_and_filters_them(programme):
    campaign, events = programme
    early, webinar, late = events["early"].key, events["webinar"].key, events["late"].key
    day = in_days(0, 12).date()

    assert _keys(campaign) == [early, webinar, late]
    assert _keys(campaign, region="28") == [early]
    assert _keys(campaign, format=EventFormat.WEBINAR) == [webinar]
    assert _keys(campaign, audience=Audience.MANAGERS) == [late]
    assert _keys(campaign, organiser_kind="lab") == [webinar]
    assert _keys(campaign, organiser_kind=OrganisationKind.HOSPITAL) == [late]
    assert _keys(campaign, date_from=day + dt.timedelta(days=5)) == [webinar, late]
    assert _keys(campaign, date_to=day + dt.timedelta(days=5)) == [early, webinar]
    assert _keys(
        campaign, date_from=day + dt.timedelta(days=3), date_to=day + dt.timedelta(days=8)
    ) == [webinar]


def test_the_review_queue_is_the_coordinations_and_lists_only_proposals(
    coordinator, agent, django_assert_num_queries
):
    campaign = open_campaign()
    mine = EventFactory(campaign=campaign, status=EventStatus.PROPOSED, created_by=agent)
    EventFactory(campaign=campaign, status=EventStatus.CHANGES_REQUESTED, created_by=agent)
    EventFactory(campaign=campaign, status=EventStatus.PUBLISHED, created_by=agent)
    EventFactory(status=EventStatus.PROPOSED)  # not in a campaign

    with django_assert_num_queries(1):
        queue = list(proposals_to_review(user=coordinator))
    assert queue == [mine]
    assert list(proposals_to_review(user=agent)) == []
    assert len(proposals_of(user=agent)) == 3
    assert list(proposals_of(user=coordinator)) == []


def test_campaign_rules(agent, coordinator, lab, lab_member):
    campaign = open_campaign()
    closed = CampaignFactory(accepts_proposals=False)
    event = EventFactory(campaign=campaign, status=EventStatus.PROPOSED, created_by=agent)
    stranger = UserFactory()

    assert (can_propose_to(agent, campaign), can_propose_to(agent, closed)) == (True, False)
    assert can_organise_for_lab(lab_member, lab) and not can_organise_for_lab(agent, lab)
    assert can_organise_for_lab(coordinator, lab)
    assert can_edit_proposal(agent, event) and not can_edit_proposal(stranger, event)
    assert not can_edit_proposal(coordinator, event)
    assert can_see_proposal(coordinator, event) and not can_see_proposal(stranger, event)
    assert can_review_proposals(coordinator) and not can_review_proposals(agent)
    event.status = EventStatus.PUBLISHED
    assert not can_edit_proposal(agent, event)


def test_a_persons_proposals_are_in_their_personal_data(agent):
    campaign = open_campaign()
    event = EventFactory(
        campaign=campaign, created_by=agent, status=EventStatus.REFUSED, review_message="Non."
    )
    EventFactory(created_by=agent)  # not a proposal to a campaign
    EventFactory(campaign=campaign, created_by=UserFactory())

    section = next(s for s in sections if s.key == "event_proposals")

    assert section.export(agent) == [
        {
            "event": event.key,
            "title": event.title,
            "campaign": campaign.key,
            "status": "refused",
            "review_message": "Non.",
            "proposed_at": event.created_at.isoformat(),
        }
    ]
    assert section.erase is None
