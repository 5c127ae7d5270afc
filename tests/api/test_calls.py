"""Calls in API v1: same rules and messages as the pages; scores never reach applicants."""

import pytest
from rest_framework.test import APIClient

from labnet.calls.enums import AnswerStatus
from labnet.calls.models import Answer
from tests.calls.factories import AnswerFactory, CallFactory, ReviewFactory
from tests.factories import UserFactory

from .conftest import client_with_token

pytestmark = pytest.mark.django_db


def test_anyone_lists_open_calls_and_owners_see_their_drafts(lab, lab_member):
    open_call = CallFactory(kind="projects", with_questions=True)
    draft = CallFactory(owner_lab=lab, draft=True)
    CallFactory(draft=True)
    response = APIClient().get("/api/v1/calls/")
    assert response.status_code == 200
    assert [c["key"] for c in response.json()["results"]] == [open_call.key]
    row = response.json()["results"][0]
    assert (row["kind"], row["phase"], len(row["questions"]), len(row["criteria"])) == (
        "projects",
        "open",
        2,
        2,
    )
    keys = {c["key"] for c in client_with_token(lab_member).get("/api/v1/calls/").json()["results"]}
    assert keys == {open_call.key, draft.key}
    assert APIClient().get(f"/api/v1/calls/{draft.key}/").status_code == 404
    assert client_with_token(lab_member).get(f"/api/v1/calls/{draft.key}/").status_code == 200
    assert APIClient().get("/api/v1/calls/?kind=contributors").json()["results"] == []


def test_answering_through_the_api(agent):
    call = CallFactory(with_questions=True)
    required, optional = call.questions.all()
    client = client_with_token(agent)
    response = client.post(
        f"/api/v1/calls/{call.key}/answers/",
        {"title": "Ma candidature", "responses": {str(optional.pk): "DINUM"}},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["responses"]) == ("draft", {str(optional.pk): "DINUM"})
    assert "average" not in body and "review_count" not in body
    answer_id = body["id"]
    response = client.post(f"/api/v1/answers/{answer_id}/submit/")
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": f"q_{required.pk}",
                "message": "Répondez à cette question : elle est obligatoire.",
                "code": "required",
            }
        ]
    }
    response = client.patch(
        f"/api/v1/answers/{answer_id}/",
        {"responses": {str(required.pk): "Oui"}},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["responses"] == {str(optional.pk): "DINUM", str(required.pk): "Oui"}
    response = client.post(f"/api/v1/answers/{answer_id}/submit/")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert [a["id"] for a in client.get("/api/v1/answers/").json()["results"]] == [answer_id]
    # A sent answer is no longer edited.
    response = client.patch(f"/api/v1/answers/{answer_id}/", {"title": "X"}, format="json")
    assert response.status_code == 403


def test_a_closed_call_refuses_answers_with_a_code(agent):
    call = CallFactory(with_questions=True, past=True)
    response = client_with_token(agent).post(
        f"/api/v1/calls/{call.key}/answers/", {"title": "Trop tard"}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["code"] == "call_closed"
    assert error["message"].startswith("Cet appel est clos depuis le ")
    assert Answer.objects.count() == 0


def test_applicants_see_only_their_own_answers_and_never_scores(agent):
    reviewer = UserFactory()
    call = CallFactory(with_questions=True, reviewers=[reviewer])
    mine = AnswerFactory(call=call, author=agent, submitted=True)
    theirs = AnswerFactory(call=call, submitted=True)
    ReviewFactory(answer=mine, reviewer=reviewer, total=15, comment="Secret")
    client = client_with_token(agent)
    rows = client.get(f"/api/v1/calls/{call.key}/answers/").json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    # One documented shape (the committee's): never a score for an applicant, only null.
    assert rows[0]["average"] is None and rows[0]["review_count"] is None
    assert client.get(f"/api/v1/answers/{theirs.pk}/").status_code == 404
    detail = client.get(f"/api/v1/answers/{mine.pk}/")
    assert detail.status_code == 200
    assert "Secret" not in detail.content.decode() and "15" not in str(detail.json().get("average"))
    assert "average" not in detail.json()


def test_reviewers_see_all_sent_answers_of_their_call_and_review(agent):
    reviewer = UserFactory()
    call = CallFactory(with_questions=True, reviewers=[reviewer])
    motivation, experience = call.criteria.all()
    first = AnswerFactory(call=call, author=agent, submitted=True)
    second = AnswerFactory(call=call, submitted=True)
    AnswerFactory(call=call)  # a draft: never shown to reviewers
    other_call_answer = AnswerFactory(call=CallFactory(with_questions=True), submitted=True)
    client = client_with_token(reviewer)
    response = client.post(
        f"/api/v1/answers/{first.pk}/reviews/",
        {"scores": {str(motivation.pk): 9}, "comment": "Bien"},
        format="json",
    )
    assert response.status_code == 400
    assert {(e["field"], e["message"]) for e in response.json()["errors"]} == {
        (f"c_{motivation.pk}", "La note va de 0 à 5."),
        (f"c_{experience.pk}", "Notez ce critère, de 0 à 10."),
    }
    response = client.post(
        f"/api/v1/answers/{first.pk}/reviews/",
        {"scores": {str(motivation.pk): 5, str(experience.pk): 10}, "comment": "Bien"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["total"] == "20.0"
    rows = client.get(f"/api/v1/calls/{call.key}/answers/").json()["results"]
    assert {r["id"]: (r["review_count"], r["average"]) for r in rows} == {
        first.pk: (1, "20.0"),
        second.pk: (0, None),
    }
    assert client.get(f"/api/v1/answers/{other_call_answer.pk}/").status_code == 404
    response = client.post(
        f"/api/v1/answers/{other_call_answer.pk}/reviews/", {"scores": {}}, format="json"
    )
    assert response.status_code == 404
    # The applicant may not review.
    response = client_with_token(agent).post(
        f"/api/v1/answers/{first.pk}/reviews/", {"scores": {}}, format="json"
    )
    assert response.status_code == 403


def test_anonymous_callers_get_401_on_answers():
    call = CallFactory()
    assert APIClient().get(f"/api/v1/calls/{call.key}/answers/").status_code == 401
    assert APIClient().get("/api/v1/answers/").status_code == 401


def test_withdrawn_status_is_reported(agent):
    answer = AnswerFactory(author=agent, status=AnswerStatus.WITHDRAWN)
    body = client_with_token(agent).get(f"/api/v1/answers/{answer.pk}/").json()
    assert (body["status"], body["status_label"]) == ("withdrawn", "retirée")


@pytest.mark.parametrize("size", [2, 10])
def test_call_answers_query_count(lab, lab_member, django_assert_num_queries, size):
    call = CallFactory(owner_lab=lab, with_questions=True)
    for _ in range(size):
        answer = AnswerFactory(call=call, submitted=True)
        answer.co_authors.add(UserFactory())
        ReviewFactory(answer=answer)
    client = client_with_token(lab_member)
    # token (+ its user), the call + its 3 prefetches, the member's labs, the count, the page
    # of answers (ids first) and its 2 prefetches (co-authors, attachments): the same for 2
    # and 10 answers.
    with django_assert_num_queries(10):
        response = client.get(f"/api/v1/calls/{call.key}/answers/")
    assert response.json()["count"] == size
