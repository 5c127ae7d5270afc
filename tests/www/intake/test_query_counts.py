"""The inbox and "Mes demandes" run the same, exact, number of queries for 1 and 3 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labnet.intake.enums import RequestStatus
from tests.factories import BoostSlotFactory, OrganisationFactory, UserFactory
from tests.intake.helpers import answered, draft_for, sent_to

pytestmark = pytest.mark.django_db


def _inbox_rows(lab, n):
    for i in range(n):
        sent_to(lab, hours_ago=i * 20, organisation=OrganisationFactory())
        booked = sent_to(lab, status=RequestStatus.BOOST_BOOKED, author=UserFactory())
        BoostSlotFactory(lab=lab, request=booked)


def _my_rows(agent, lab, n):
    for _ in range(n):
        draft_for(agent)
        sent_to(lab, author=agent)
        sent_to(lab).co_authors.add(agent)


# session, user, the lab, the member's labs (rule), the open requests (author, organisation,
# department and boost slot joined), the lab's response times, + header labs.
INBOX_QUERIES = 7
# session, user, the requests (lab joined), + header labs.
MY_REQUESTS_QUERIES = 4


@pytest.mark.parametrize("size", [1, 3])
def test_inbox(client, lab, lab_member, django_assert_num_queries, size):
    _inbox_rows(lab, size)
    client.force_login(lab_member)
    url = reverse("intake:lab_inbox", kwargs={"lab_key": lab.key})

    with django_assert_num_queries(INBOX_QUERIES):
        response = client.get(url)

    inbox = response.context["inbox"]
    assert (len(inbox.waiting), len(inbox.in_progress)) == (size, size)


@pytest.mark.parametrize("size", [1, 3])
def test_my_requests(client, agent, lab, django_assert_num_queries, size):
    _my_rows(agent, lab, size)
    client.force_login(agent)

    with django_assert_num_queries(MY_REQUESTS_QUERIES):
        response = client.get(reverse("intake:my_requests"))

    assert len(response.context["requests"]) == size * 3


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_tracking_page_does_not_grow_with_history_or_co_authors(client, lab, lab_member, agent):
    request = sent_to(lab, author=agent)
    client.force_login(lab_member)
    one = _count(client, request.get_absolute_url())
    for _ in range(3):
        request.co_authors.add(UserFactory())
        request.events.create(kind="info_provided", actor=agent, message="…")
    assert _count(client, request.get_absolute_url()) == one


def test_response_times_page_does_not_grow_with_labs(client, lab, lab_member, other_lab):
    answered(lab, 3)
    one = _count(client, "/guichet/delais/")
    answered(other_lab, 5)
    answered(other_lab, 7)
    assert _count(client, "/guichet/delais/") == one == 1
