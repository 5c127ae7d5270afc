"""The programme selector without a campaign (the agenda) and the lab's next events."""

import datetime as dt

import pytest
from django.utils import timezone

from labnet.events.campaign_selectors import (
    PAST,
    UPCOMING,
    ProgrammeFilters,
    campaign_programme,
    lab_upcoming_events,
    programme_events,
)
from labnet.events.enums import EventStatus
from tests.events.campaign_helpers import in_days, open_campaign
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import LabFactory

pytestmark = pytest.mark.django_db


def _keys(events) -> list[str]:
    return [event.key for event in events]


def test_without_a_campaign_every_public_event_counts_and_no_other():
    campaign = open_campaign()
    EventFactory(key="campagne", campaign=campaign, starts_at=in_days(3, 10))
    EventFactory(key="hors-campagne", starts_at=in_days(2, 10))
    EventFactory(key="annule", status=EventStatus.CANCELLED, starts_at=in_days(4, 10))
    EventFactory(key="propose", status=EventStatus.PROPOSED, campaign=campaign)
    EventFactory(key="brouillon", status=EventStatus.DRAFT)

    assert _keys(programme_events()) == ["hors-campagne", "campagne", "annule"]
    assert _keys(campaign_programme(campaign=campaign)) == ["campagne"]


def test_periods_split_at_the_end_of_an_event_and_past_ones_come_latest_first():
    now = timezone.now()
    EventFactory(key="ancien", starts_at=in_days(-20, 10), ends_at=in_days(-20, 12))
    EventFactory(key="hier", starts_at=in_days(-1, 10), ends_at=in_days(-1, 12))
    EventFactory(
        key="en-cours", starts_at=now - dt.timedelta(hours=2), ends_at=now + dt.timedelta(hours=1)
    )
    EventFactory(key="demain", starts_at=in_days(1, 10), ends_at=in_days(1, 12))

    upcoming = programme_events(filters=ProgrammeFilters(period=UPCOMING), now=now)
    past = programme_events(filters=ProgrammeFilters(period=PAST), now=now)

    assert _keys(upcoming) == ["en-cours", "demain"]
    assert _keys(past) == ["hier", "ancien"]
    assert _keys(programme_events(now=now)) == ["ancien", "hier", "en-cours", "demain"]


def test_the_period_is_not_an_active_filter_but_the_others_are():
    assert not ProgrammeFilters(period=PAST).active
    assert ProgrammeFilters(text="atelier").active
    assert ProgrammeFilters(lab="innovmandie").active


def test_events_carry_their_places_taken():
    event = EventFactory(capacity=10)
    RegistrationFactory.create_batch(3, event=event)
    assert programme_events().get().places_taken == 3


def test_a_lab_shows_its_next_five_public_events_only():
    lab = LabFactory()
    for i in range(7):
        EventFactory(key=f"a-venir-{i}", organiser_lab=lab, starts_at=in_days(1 + i, 10))
    EventFactory(organiser_lab=lab, starts_at=in_days(-3, 10), ends_at=in_days(-3, 12))
    EventFactory(organiser_lab=lab, status=EventStatus.DRAFT, starts_at=in_days(1, 8))
    EventFactory(organiser_lab=LabFactory(), starts_at=in_days(1, 8))

    assert _keys(lab_upcoming_events(lab=lab)) == [f"a-venir-{i}" for i in range(5)]
