import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from labnet.intake.enums import RequestStatus
from labnet.intake.models import Request
from labnet.intake.rules import visible_requests_filter
from labnet.intake.selectors import (
    lab_free_boost_slots,
    lab_inbox,
    request_get_visible,
    request_list_for_author,
    request_list_visible,
)
from tests.factories import BoostSlotFactory, UserFactory

from .helpers import draft_for, sent_to

pytestmark = pytest.mark.django_db


def _visible(user):
    return set(Request.objects.filter(visible_requests_filter(user)))


def test_who_sees_which_request(agent, lab, lab_member, other_lab, other_member, coordinator):
    colleague = UserFactory()
    draft = draft_for(agent)
    mine = sent_to(lab, author=agent)
    co_authored = sent_to(other_lab)
    co_authored.co_authors.add(agent, colleague)
    at_other_lab = sent_to(other_lab)
    draft_with_lab = draft_for(UserFactory(), lab=lab)

    assert _visible(agent) == {draft, mine, co_authored}
    assert _visible(colleague) == {co_authored}
    # A lab's team never sees drafts, even one that names the lab.
    assert _visible(lab_member) == {mine}
    assert _visible(other_member) == {co_authored, at_other_lab}
    assert _visible(coordinator) == {mine, co_authored, at_other_lab}
    assert draft_with_lab not in _visible(coordinator)


def test_an_invisible_request_does_not_exist(agent, lab, other_member):
    request = sent_to(lab, author=agent)
    with pytest.raises(Request.DoesNotExist):
        request_get_visible(user=other_member, public_id=request.public_id)
    assert request_get_visible(user=agent, public_id=request.public_id) == request


def test_my_requests_are_drafts_first_then_the_newest(agent, lab):
    old = sent_to(lab, author=agent, hours_ago=50)
    new = sent_to(lab, author=agent, hours_ago=1)
    draft = draft_for(agent)
    co_authored = sent_to(lab, hours_ago=20)
    co_authored.co_authors.add(agent)
    sent_to(lab)

    assert list(request_list_for_author(user=agent)) == [draft, new, co_authored, old]


def test_the_inbox_puts_overdue_requests_first(lab, lab_member, agent):
    on_time = sent_to(lab, hours_ago=2)
    very_late = sent_to(lab, hours_ago=60)
    late = sent_to(lab, hours_ago=30)
    waiting_author = sent_to(lab, hours_ago=90, status=RequestStatus.WAITING_AUTHOR)
    sent_to(lab, status=RequestStatus.ACCEPTED)
    draft_for(agent, lab=lab)

    inbox = lab_inbox(user=lab_member, lab=lab)

    assert inbox.waiting == [very_late, late, on_time]
    assert [r.is_overdue for r in inbox.waiting] == [True, True, False]
    assert inbox.overdue_count == 2
    assert inbox.in_progress == [waiting_author]


def test_only_the_team_and_the_coordinator_open_an_inbox(
    lab, agent, other_member, coordinator, lab_member
):
    for user in (agent, other_member):
        with pytest.raises(PermissionDenied):
            lab_inbox(user=user, lab=lab)
        with pytest.raises(PermissionDenied):
            request_list_visible(user=user, lab=lab)
    assert lab_inbox(user=coordinator, lab=lab).lab == lab
    assert lab_inbox(user=lab_member, lab=lab).lab == lab


def test_free_slots_are_the_unbooked_ones_to_come(lab, agent):
    free = BoostSlotFactory(lab=lab)
    BoostSlotFactory(lab=lab, request=sent_to(lab, author=agent))
    BoostSlotFactory(
        lab=lab,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.now() - datetime.timedelta(hours=23),
    )
    assert list(lab_free_boost_slots(lab=lab)) == [free]
