from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from labnet.calls.models import Answer, Call
from labnet.calls.personal_data import answers_erase, answers_export
from labnet.calls.rules import (
    can_create_call,
    can_decide,
    can_read_reviews,
    can_review,
    can_see_answers,
    is_call_owner,
)
from labnet.calls.selectors import (
    answer_get_visible,
    answer_list_for_author,
    answer_list_for_call,
    answer_list_for_call_api,
    answer_reviews,
    call_get_visible,
    call_list_managed,
    call_list_open,
    call_list_visible,
)
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from tests.factories import LabFactory, MembershipFactory, UserFactory

from .factories import AnswerFactory, CallFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def test_who_opens_and_owns_calls(lab, lab_member, lab_lead, coordinator, agent):
    other = LabFactory()
    assert can_create_call(lab_member, lab) and can_create_call(lab_lead, lab)
    assert not can_create_call(lab_member, other)
    assert not can_create_call(lab_member)  # national
    assert can_create_call(coordinator) and can_create_call(coordinator, other)
    assert not can_create_call(agent, lab)
    call = CallFactory(owner_lab=lab)
    assert is_call_owner(lab_member, call) and is_call_owner(coordinator, call)
    assert not is_call_owner(agent, call)
    national = CallFactory(national=True)
    assert not is_call_owner(lab_lead, national) and is_call_owner(coordinator, national)


def test_an_applicant_never_sees_another_answer_nor_scores(agent):
    reviewer = UserFactory()
    call = CallFactory(with_questions=True, reviewers=[reviewer])
    mine = AnswerFactory(call=call, author=agent, submitted=True)
    theirs = AnswerFactory(call=call, submitted=True)
    ReviewFactory(answer=mine, reviewer=reviewer)
    assert answer_get_visible(user=agent, pk=mine.pk) == mine
    with pytest.raises(Answer.DoesNotExist):
        answer_get_visible(user=agent, pk=theirs.pk)
    assert list(answer_list_for_author(user=agent)) == [mine]
    assert answer_reviews(user=agent, answer=mine) == []
    assert not can_see_answers(agent, call)
    with pytest.raises(PermissionDenied):
        answer_list_for_call(user=agent, call=call)
    assert list(answer_list_for_call_api(user=agent, call=call)) == [mine]


def test_coauthors_see_the_answer_they_share(agent):
    answer = AnswerFactory()
    answer.co_authors.add(agent)
    assert answer_get_visible(user=agent, pk=answer.pk) == answer
    assert list(answer_list_for_author(user=agent)) == [answer]


def test_a_reviewer_of_call_a_sees_nothing_of_call_b():
    reviewer = UserFactory()
    call_a = CallFactory(with_questions=True, reviewers=[reviewer], draft=True)
    call_b = CallFactory(with_questions=True, draft=True)
    answer_a = AnswerFactory(call=call_a, submitted=True)
    answer_b = AnswerFactory(call=call_b, submitted=True)
    assert call_get_visible(user=reviewer, key=call_a.key) == call_a
    with pytest.raises(Call.DoesNotExist):
        call_get_visible(user=reviewer, key=call_b.key)
    assert list(call_list_managed(user=reviewer)) == [call_a]
    assert list(call_list_visible(user=reviewer)) == [call_a]
    assert answer_get_visible(user=reviewer, pk=answer_a.pk) == answer_a
    with pytest.raises(Answer.DoesNotExist):
        answer_get_visible(user=reviewer, pk=answer_b.pk)
    with pytest.raises(PermissionDenied):
        answer_list_for_call(user=reviewer, call=call_b)
    assert not can_review(reviewer, answer_b) and can_review(reviewer, answer_a)


def test_reviewers_see_their_own_review_the_owner_all(lab, lab_member):
    first, second = UserFactory(), UserFactory()
    call = CallFactory(owner_lab=lab, with_questions=True, reviewers=[first, second])
    answer = AnswerFactory(call=call, submitted=True)
    mine = ReviewFactory(answer=answer, reviewer=first, total=10)
    ReviewFactory(answer=answer, reviewer=second, total=16)
    assert answer_reviews(user=first, answer=answer) == [mine]
    assert len(answer_reviews(user=lab_member, answer=answer)) == 2
    row = answer_list_for_call(user=first, call=call).get()
    assert (row.review_count, float(row.average), row.my_review_count) == (2, 13.0, 1)


@pytest.mark.parametrize("role", ["author", "co_author"])
def test_an_author_on_the_owner_side_never_reads_nor_decides_their_answer(
    lab, lab_member, lab_lead, role
):
    reviewer = UserFactory()
    call = CallFactory(owner_lab=lab, with_questions=True, reviewers=[reviewer, lab_member])
    if role == "author":
        own = AnswerFactory(call=call, author=lab_member, submitted=True)
    else:
        own = AnswerFactory(call=call, submitted=True)
        own.co_authors.add(lab_member)
    other = AnswerFactory(call=call, submitted=True)
    ReviewFactory(answer=own, reviewer=reviewer, total=8)
    other_review = ReviewFactory(answer=other, reviewer=reviewer, total=16)
    assert is_call_owner(lab_member, call) and can_see_answers(lab_member, call)
    assert (can_decide(lab_member, own), can_review(lab_member, own)) == (False, False)
    assert (can_decide(lab_member, other), can_decide(lab_lead, own)) == (True, True)
    assert (can_read_reviews(lab_member, own), can_read_reviews(lab_member, other)) == (
        False,
        True,
    )
    assert answer_reviews(user=lab_member, answer=own) == []
    assert answer_reviews(user=lab_member, answer=other) == [other_review]
    assert len(answer_reviews(user=lab_lead, answer=own)) == 1
    rows = {
        a.pk: (a.is_mine, a.review_count, a.average)
        for a in answer_list_for_call(user=lab_member, call=call)
    }
    assert rows == {own.pk: (True, None, None), other.pk: (False, 1, Decimal("16.0"))}
    lead_rows = answer_list_for_call(user=lab_lead, call=call)
    assert {a.pk: (a.is_mine, a.review_count) for a in lead_rows} == {
        own.pk: (False, 1),
        other.pk: (False, 1),
    }


def test_owners_and_reviewers_never_see_drafts(lab, lab_member):
    call = CallFactory(owner_lab=lab, with_questions=True)
    draft = AnswerFactory(call=call)
    with pytest.raises(Answer.DoesNotExist):
        answer_get_visible(user=lab_member, pk=draft.pk)
    assert list(answer_list_for_call(user=lab_member, call=call)) == []


def test_the_public_sees_open_published_calls_only():
    open_call = CallFactory(kind="projects")
    CallFactory(draft=True)
    CallFactory(past=True)
    contributors = CallFactory()
    assert set(call_list_open()) == {open_call, contributors}
    assert list(call_list_open(kind="projects")) == [open_call]
    anonymous = AnonymousUser()
    assert set(call_list_visible(user=anonymous)) == {open_call, contributors}
    with pytest.raises(Call.DoesNotExist):
        call_get_visible(user=anonymous, key=CallFactory(draft=True).key)


def test_personal_data_exports_own_answers_and_erases_drafts_only(agent):
    call = CallFactory(with_questions=True, title="Ateliers")
    question = call.questions.first()
    sent = AnswerFactory(
        call=call, author=agent, submitted=True, responses={str(question.pk): "Oui"}
    )
    draft = AnswerFactory(call=call, author=agent, title="Brouillon")
    shared_draft = AnswerFactory(call=call)
    shared_draft.co_authors.add(agent)
    AnswerFactory(call=call)  # someone else's: never exported
    exported = answers_export(agent)
    assert [(row["title"], row["author"]) for row in exported] == [
        (sent.title, True),
        ("Brouillon", True),
        (shared_draft.title, False),
    ]
    assert exported[0]["responses"][0] == {"question": "Vos motivations ?", "answer": "Oui"}
    answers_erase(agent)
    assert not Answer.objects.filter(pk=draft.pk).exists()
    assert Answer.objects.filter(pk=sent.pk, author=agent).exists()
    assert list(shared_draft.co_authors.all()) == []


def test_erasure_blanks_the_audit_entries_of_deleted_drafts(agent):
    call = CallFactory(with_questions=True)
    sent = AnswerFactory(call=call, author=agent, submitted=True, title="Réponse envoyée")
    draft = AnswerFactory(call=call, author=agent, title="Mon brouillon intime")
    for answer in (sent, draft):
        audit_record(
            actor=agent,
            action="calls.answer_save_draft",
            target=answer,
            changes={"title": answer.title},
        )
    answers_erase(agent)
    rows = AuditEntry.objects.filter(action="calls.answer_save_draft").order_by("id")
    assert [(e.actor_id, e.target_id, e.target_repr, e.changes) for e in rows] == [
        (agent.pk, str(sent.pk), str(sent), {"title": "Réponse envoyée"}),
        (agent.pk, str(draft.pk), "", {}),
    ]


def test_membership_of_another_lab_gives_nothing(lab):
    call = CallFactory(owner_lab=lab, draft=True)
    outsider = MembershipFactory().user
    with pytest.raises(Call.DoesNotExist):
        call_get_visible(user=outsider, key=call.key)
