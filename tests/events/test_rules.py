import pytest
from django.contrib.auth.models import AnonymousUser

from labnet.events.enums import EventStatus, RegistrationStatus
from labnet.events.models import Event
from labnet.events.rules import (
    can_manage_event,
    can_see_event,
    can_see_online_link,
    can_see_registrations,
    public_events_filter,
)
from tests.factories import LabFactory, MembershipFactory, UserFactory

from .factories import EventFactory, RegistrationFactory


def test_organisers_are_the_creator_the_lab_team_and_the_coordination(
    lab, lab_member, lab_lead, coordinator, agent
):
    creator = UserFactory()
    event = EventFactory(organiser_lab=lab, created_by=creator, status=EventStatus.DRAFT)
    other_lab_member = MembershipFactory(lab=LabFactory()).user

    assert [
        can_manage_event(person, event)
        for person in (creator, lab_member, lab_lead, coordinator, agent, other_lab_member)
    ] == [True, True, True, True, False, False]
    assert can_manage_event(AnonymousUser(), event) is False
    assert can_see_registrations(lab_member, event) is True
    assert can_see_registrations(agent, event) is False


def test_drafts_are_seen_by_their_organisers_only(lab, lab_member, agent):
    draft = EventFactory(organiser_lab=lab, status=EventStatus.PROPOSED)
    published = EventFactory(organiser_lab=lab)

    assert can_see_event(lab_member, draft) is True
    assert can_see_event(agent, draft) is False
    assert can_see_event(AnonymousUser(), published) is True


@pytest.mark.django_db
def test_the_public_filter_keeps_published_and_cancelled_events():
    for status in EventStatus.values:
        EventFactory(key=f"e-{status}", status=status)

    keys = set(Event.objects.filter(public_events_filter()).values_list("key", flat=True))

    assert keys == {"e-published", "e-cancelled"}


def test_the_online_link_goes_to_confirmed_people_and_organisers(lab, lab_member, agent):
    event = EventFactory(organiser_lab=lab, is_online=True, online_url="https://visio.example/x")
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING, position=1)

    assert can_see_online_link(agent, event, confirmed) is True
    assert can_see_online_link(agent, event, waiting) is False
    assert can_see_online_link(agent, event, None) is False
    assert can_see_online_link(lab_member, event, None) is True
