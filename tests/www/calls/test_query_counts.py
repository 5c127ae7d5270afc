"""The calls' lists run the same, exact, number of queries for 2 and 10 rows."""

import pytest
from django.urls import reverse

from tests.calls.factories import AnswerFactory, CallFactory, ReviewFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# session, user, the call, its questions, criteria and reviewers (prefetched), the viewer's
# lab roles (rule), the count of sent answers (paged), the page's answers with their
# authors, review count and mean score, + header labs.
ANSWER_LIST_QUERIES = 10
# session, user, the answers (call, its lab and the decision lab joined), + header labs.
MY_ANSWERS_QUERIES = 4
# the open calls (lab and administration joined).
CALL_LIST_QUERIES = 1
# session, user, the viewer's lab roles, the count of calls (paged), the page's calls with
# their count of sent answers, + header labs.
MY_CALLS_QUERIES = 6


@pytest.mark.parametrize("size", [2, 10])
def test_answer_list(client, lab, lab_lead, django_assert_num_queries, size):
    reviewers = [UserFactory(), UserFactory()]
    call = CallFactory(owner_lab=lab, with_questions=True, reviewers=reviewers)
    for _ in range(size):
        answer = AnswerFactory(call=call, submitted=True)
        for reviewer in reviewers:
            ReviewFactory(answer=answer, reviewer=reviewer)
    client.force_login(lab_lead)
    with django_assert_num_queries(ANSWER_LIST_QUERIES):
        response = client.get(reverse("calls:answer_list", kwargs={"key": call.key}))
    assert len(response.context["answers"]) == size
    assert {a.review_count for a in response.context["answers"]} == {2}


@pytest.mark.parametrize("size", [2, 10])
def test_my_answers(client, agent, django_assert_num_queries, size):
    for _ in range(size):
        AnswerFactory(author=agent)
        AnswerFactory(submitted=True).co_authors.add(agent)
    client.force_login(agent)
    with django_assert_num_queries(MY_ANSWERS_QUERIES):
        response = client.get(reverse("calls:my_answers"))
    assert len(response.context["answers"]) == size * 2


@pytest.mark.parametrize("size", [2, 10])
def test_public_call_list(client, django_assert_num_queries, size):
    for _ in range(size):
        CallFactory()
    with django_assert_num_queries(CALL_LIST_QUERIES):
        response = client.get(reverse("calls:call_list"))
    assert len(response.context["calls"]) == size


@pytest.mark.parametrize("size", [2, 10])
def test_my_calls(client, lab, lab_member, django_assert_num_queries, size):
    for _ in range(size):
        AnswerFactory(call=CallFactory(owner_lab=lab), submitted=True)
    client.force_login(lab_member)
    with django_assert_num_queries(MY_CALLS_QUERIES):
        response = client.get(reverse("calls:my_calls"))
    assert len(response.context["calls"]) == size


# session, user, the call, its questions, criteria and reviewers, the viewer's lab roles
# (rule), the viewer's own answers to the call.
CALL_DETAIL_QUERIES = 9  # + + header labs


@pytest.mark.parametrize("size", [2, 10])
def test_call_detail(client, lab, lab_member, django_assert_num_queries, size):
    from labnet.calls.models import CallCriterion, CallQuestion

    call = CallFactory(owner_lab=lab, reviewers=[UserFactory() for _ in range(size)])
    for i in range(size):
        CallQuestion.objects.create(call=call, order=i, label=f"Question {i}")
        CallCriterion.objects.create(call=call, order=i, label=f"Critère {i}")
    client.force_login(lab_member)
    with django_assert_num_queries(CALL_DETAIL_QUERIES):
        response = client.get(call.get_absolute_url())
    assert len(response.context["questions"]) == size


def test_answer_list_is_paged_with_each_rows_reviews(client, lab, lab_lead):
    reviewer = UserFactory()
    call = CallFactory(owner_lab=lab, with_questions=True, reviewers=[reviewer])
    answers = [AnswerFactory(call=call, submitted=True) for _ in range(52)]
    ReviewFactory(answer=answers[0], reviewer=reviewer)
    client.force_login(lab_lead)
    url = reverse("calls:answer_list", kwargs={"key": call.key})
    first = client.get(url).context["answers"]
    second = client.get(url + "?page=2").context["answers"]
    assert len(first) == 50 and len(second) == 2
    shown = [a.pk for a in first] + [a.pk for a in second]
    expected = sorted(answers, key=lambda a: (a.submitted_at, a.pk), reverse=True)
    assert shown == [a.pk for a in expected]
    counts = {a.pk: a.review_count for a in [*first, *second]}
    assert counts[answers[0].pk] == 1
    assert sum(counts.values()) == 1


def test_my_calls_is_paged_with_each_calls_sent_answers(client, coordinator):
    calls = [CallFactory() for _ in range(52)]
    AnswerFactory(call=calls[0], submitted=True)
    AnswerFactory(call=calls[0])
    client.force_login(coordinator)
    first = client.get(reverse("calls:my_calls")).context["calls"]
    second = client.get(reverse("calls:my_calls") + "?page=2").context["calls"]
    assert len(first) == 50 and len(second) == 2
    rows = [*first, *second]
    expected = sorted(calls, key=lambda c: (c.closes_at, c.pk), reverse=True)
    assert [c.pk for c in rows] == [c.pk for c in expected]
    assert {c.pk: c.sent_count for c in rows}[calls[0].pk] == 1
    assert sum(c.sent_count for c in rows) == 1
