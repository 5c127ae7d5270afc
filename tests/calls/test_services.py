import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from labnet.calls.enums import AnswerStatus, CallKind, CallStatus
from labnet.calls.models import Answer, Call, Review
from labnet.calls.services.answers import (
    answer_add_coauthor,
    answer_attach,
    answer_save_draft,
    answer_submit,
    answer_withdraw,
)
from labnet.calls.services.calls import call_close, call_create, call_open, call_update
from labnet.calls.services.decisions import answer_decide
from labnet.calls.services.reviews import review_save
from labnet.core.models import AuditEntry
from labnet.intake.enums import RequestStatus
from labnet.intake.models import Request
from labnet.intake.services.external import request_receive_from_call
from labnet.labs.models import LabContributor
from tests.factories import LabFactory, MembershipFactory, OrganisationFactory, UserFactory

from .factories import AnswerFactory, CallFactory, ReviewFactory, fill_required

pytestmark = pytest.mark.django_db


def _data(**overrides):
    now = timezone.now()
    data = {
        "title": "Contributeurs pour nos ateliers",
        "kind": CallKind.CONTRIBUTORS,
        "owner_lab": None,
        "challenge_organisation": None,
        "summary": "Venez animer des ateliers.",
        "eligibility": "Agents publics normands.",
        "opens_at": now - datetime.timedelta(hours=1),
        "closes_at": now + datetime.timedelta(days=20),
    }
    data.update(overrides)
    return data


QUESTIONS = [{"label": "Pourquoi ?"}, {"label": "Votre service ?", "required": False}]
CRITERIA = [{"label": "Motivation", "weight": 2, "max_score": 5}]


# --- calls ---------------------------------------------------------------------------------------


def test_lab_lead_creates_a_draft_call_for_their_lab(lab, lab_lead):
    reviewer = UserFactory(email="revue@example.gouv.fr")
    call = call_create(
        actor=lab_lead,
        data=_data(owner_lab=lab),
        questions=QUESTIONS,
        criteria=CRITERIA,
        reviewer_emails=["REVUE@example.gouv.fr"],
    )
    assert call.key == "contributeurs-pour-nos-ateliers"
    assert call.status == CallStatus.DRAFT
    assert [(q.label, q.required, q.order) for q in call.questions.all()] == [
        ("Pourquoi ?", True, 0),
        ("Votre service ?", False, 1),
    ]
    assert [(c.label, c.weight, c.max_score) for c in call.criteria.all()] == [("Motivation", 2, 5)]
    assert list(call.reviewers.all()) == [reviewer]
    entry = AuditEntry.objects.get(action="calls.call_create")
    assert entry.target_id == str(call.pk)
    assert entry.changes["reviewers"] == ["revue@example.gouv.fr"]


def test_a_member_may_not_open_a_call_for_another_lab(lab_member):
    with pytest.raises(PermissionDenied):
        call_create(actor=lab_member, data=_data(owner_lab=LabFactory()))


def test_only_the_coordination_opens_a_national_call(lab_lead, coordinator):
    with pytest.raises(ValidationError) as exc:
        call_create(actor=lab_lead, data=_data())
    assert exc.value.message_dict == {
        "owner_lab": ["Seule la coordination nationale ouvre un appel national."]
    }
    assert call_create(actor=coordinator, data=_data()).owner_lab is None


def test_bad_call_input_gets_french_messages_and_writes_nothing(lab, lab_lead):
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        call_create(
            actor=lab_lead,
            data=_data(
                owner_lab=lab,
                kind=CallKind.CHALLENGE,
                title=" ",
                opens_at=now,
                closes_at=now - datetime.timedelta(days=1),
            ),
            criteria=[{"label": "Impact", "weight": 50, "max_score": 5}],
            reviewer_emails=["inconnu@example.gouv.fr"],
        )
    assert exc.value.message_dict == {
        "title": ["Donnez un titre à l'appel."],
        "closes_at": ["La clôture doit venir après l'ouverture."],
        "challenge_organisation": ["Un défi est posé par une administration : choisissez-la."],
        "criteria": ["Le coefficient d'un critère va de 1 à 10."],
        "reviewers": [
            "Aucun compte LabNet n'utilise ces adresses : inconnu@example.gouv.fr. Les "
            "évaluateurs doivent d'abord créer leur compte."
        ],
    }
    assert Call.objects.count() == 0


def test_a_challenge_keeps_its_administration(coordinator):
    ministry = OrganisationFactory()
    call = call_create(
        actor=coordinator, data=_data(kind=CallKind.CHALLENGE, challenge_organisation=ministry)
    )
    assert call.challenge_organisation == ministry


def test_publishing_needs_questions_and_criteria(lab, lab_lead):
    call = call_create(actor=lab_lead, data=_data(owner_lab=lab))
    with pytest.raises(ValidationError) as exc:
        call_open(actor=lab_lead, call=call)
    assert exc.value.message_dict == {
        "questions": ["Posez au moins une question avant de publier l'appel."],
        "criteria": ["Donnez au moins un critère d'évaluation avant de publier l'appel."],
    }
    call = call_update(actor=lab_lead, call=call, data={}, questions=QUESTIONS, criteria=CRITERIA)
    call = call_open(actor=lab_lead, call=call)
    assert call.status == CallStatus.PUBLISHED
    assert call.is_open


def test_questions_are_not_removed_once_answers_exist(lab, lab_lead):
    call = CallFactory(owner_lab=lab, with_questions=True)
    AnswerFactory(call=call)
    with pytest.raises(ValidationError) as exc:
        call_update(actor=lab_lead, call=call, data={}, questions=[{"label": "Une seule"}])
    assert list(exc.value.message_dict) == ["questions"]
    ids = list(call.questions.values_list("pk", flat=True))
    call_update(
        actor=lab_lead,
        call=call,
        data={},
        questions=[{"label": "Reformulée"}, {"label": "Deux"}, {"label": "Trois"}],
    )
    # Kept questions keep their ids, so answers still point at them.
    assert list(call.questions.values_list("pk", "label"))[:2] == [
        (ids[0], "Reformulée"),
        (ids[1], "Deux"),
    ]


def test_criteria_are_frozen_once_reviewed(lab, lab_lead):
    call = CallFactory(owner_lab=lab, with_questions=True)
    ReviewFactory(answer__call=call)
    with pytest.raises(ValidationError) as exc:
        call_update(actor=lab_lead, call=call, data={}, criteria=CRITERIA)
    assert list(exc.value.message_dict) == ["criteria"]


def test_closing_a_call_stops_answers(lab, lab_lead, agent):
    call = CallFactory(owner_lab=lab, with_questions=True)
    draft = answer_save_draft(actor=agent, call=call, title="Moi")
    call_close(actor=lab_lead, call=call)
    call.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        answer_submit(actor=agent, answer=draft)
    assert exc.value.code == "call_closed"
    assert exc.value.messages[0].startswith("Cet appel est clos depuis le ")
    draft.refresh_from_db()
    assert draft.status == AnswerStatus.DRAFT and draft.title == "Moi"


# --- answers -------------------------------------------------------------------------------------


def test_a_draft_keeps_what_was_typed_and_submit_checks_required_questions(agent):
    call = CallFactory(with_questions=True)
    required, optional = call.questions.all()
    draft = answer_save_draft(actor=agent, call=call, responses={optional.pk: "DINUM"})
    assert draft.status == AnswerStatus.DRAFT and draft.author == agent
    with pytest.raises(ValidationError) as exc:
        answer_submit(actor=agent, answer=draft)
    assert exc.value.message_dict == {
        "title": ["Donnez un titre à votre réponse."],
        f"q_{required.pk}": ["Répondez à cette question : elle est obligatoire."],
    }
    draft = answer_save_draft(
        actor=agent, call=call, answer=draft, title="Ma candidature", responses={required.pk: "Oui"}
    )
    assert draft.responses == {str(optional.pk): "DINUM", str(required.pk): "Oui"}
    assert draft.status == AnswerStatus.DRAFT


def test_submit_sends_and_acknowledges(agent, django_capture_on_commit_callbacks):
    call = CallFactory(with_questions=True, title="Ateliers 2026")
    draft = fill_required(AnswerFactory(call=call, author=agent, title="Ma candidature"))
    with django_capture_on_commit_callbacks(execute=True):
        sent = answer_submit(actor=agent, answer=draft)
    assert sent.status == AnswerStatus.SUBMITTED
    assert sent.submitted_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [agent.email]
    assert mail.outbox[0].subject == "LabNet : votre réponse à « Ateliers 2026 » est envoyée"
    assert (
        AuditEntry.objects.filter(action="calls.answer_submit", target_id=str(sent.pk)).count() == 1
    )


def test_no_answer_is_started_on_a_closed_call(agent):
    call = CallFactory(with_questions=True, past=True)
    with pytest.raises(ValidationError) as exc:
        answer_save_draft(actor=agent, call=call, title="Trop tard")
    assert exc.value.code == "call_closed"
    assert Answer.objects.count() == 0


def test_an_answer_too_long_is_refused_with_its_length(agent):
    call = CallFactory(with_questions=True)
    short = call.questions.get(required=False)
    with pytest.raises(ValidationError) as exc:
        answer_save_draft(actor=agent, call=call, responses={short.pk: "x" * 301})
    assert exc.value.message_dict == {
        f"q_{short.pk}": ["Votre réponse compte 301 caractères : 300 au plus."]
    }


def test_only_authors_edit_a_draft(agent):
    draft = AnswerFactory(author=agent)
    with pytest.raises(PermissionDenied):
        answer_save_draft(actor=UserFactory(), call=draft.call, answer=draft, title="Volé")


def test_coauthors_are_found_by_email_and_may_edit(agent, django_capture_on_commit_callbacks):
    colleague = UserFactory(email="collegue@example.gouv.fr")
    draft = AnswerFactory(author=agent)
    with pytest.raises(ValidationError) as exc:
        answer_add_coauthor(actor=agent, answer=draft, email="personne@ailleurs.fr")
    assert exc.value.message_dict == {"email": [NEUTRAL_COAUTHOR_REFUSAL]}
    with django_capture_on_commit_callbacks(execute=True):
        answer_add_coauthor(actor=agent, answer=draft, email="COLLEGUE@example.gouv.fr")
    assert list(draft.co_authors.all()) == [colleague]
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    answer_save_draft(actor=colleague, call=draft.call, answer=draft, title="À deux")
    with pytest.raises(ValidationError):
        answer_add_coauthor(actor=agent, answer=draft, email=colleague.email)


NEUTRAL_COAUTHOR_REFUSAL = (
    "Impossible d'ajouter cette personne : vérifiez l'adresse ; elle doit avoir un compte "
    "LabNet et ne pas être déjà autrice de la réponse."
)


def test_adding_a_coauthor_does_not_reveal_whether_an_address_has_an_account(agent):
    """Unknown, inactive and already-author addresses get the very same refusal."""
    UserFactory(email="inactif@example.gouv.fr", is_active=False)
    colleague = UserFactory(email="collegue@example.gouv.fr")
    draft = AnswerFactory(author=agent)
    draft.co_authors.add(colleague)
    refusals = []
    for email in ("personne@ailleurs.fr", "inactif@example.gouv.fr", colleague.email, agent.email):
        with pytest.raises(ValidationError) as exc:
            answer_add_coauthor(actor=agent, answer=draft, email=email)
        refusals.append(exc.value.message_dict)
    assert refusals == [{"email": [NEUTRAL_COAUTHOR_REFUSAL]}] * 4
    assert list(draft.co_authors.all()) == [colleague]
    assert AuditEntry.objects.filter(action="calls.answer_add_coauthor").count() == 0


def test_attachments_are_checked_by_content(agent):
    draft = AnswerFactory(author=agent)
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        answer_attach(actor=agent, answer=draft, file=fake)
    assert list(exc.value.message_dict) == ["file"]
    good = SimpleUploadedFile("cv.pdf", b"%PDF-1.4 hello", content_type="application/pdf")
    attachment = answer_attach(actor=agent, answer=draft, file=good)
    assert (attachment.name, attachment.content_type, attachment.size) == (
        "cv.pdf",
        "application/pdf",
        14,
    )


def test_withdrawing(agent):
    answer = AnswerFactory(author=agent, submitted=True)
    assert answer_withdraw(actor=agent, answer=answer).status == AnswerStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        answer_withdraw(actor=agent, answer=answer)


# --- reviews -------------------------------------------------------------------------------------


def test_review_scores_within_bounds_and_weighted_total(agent):
    reviewer = UserFactory()
    call = CallFactory(with_questions=True, reviewers=[reviewer])
    motivation, experience = call.criteria.all()
    answer = AnswerFactory(call=call, author=agent, submitted=True)
    with pytest.raises(ValidationError) as exc:
        review_save(actor=reviewer, answer=answer, scores={motivation.pk: 6})
    assert exc.value.message_dict == {
        f"c_{motivation.pk}": ["La note va de 0 à 5."],
        f"c_{experience.pk}": ["Notez ce critère, de 0 à 10."],
    }
    review = review_save(
        actor=reviewer,
        answer=answer,
        scores={motivation.pk: 4, experience.pk: 5},
        comment="Bon profil.",
    )
    # (2 × 4/5 + 1 × 5/10) / 3 × 20 = 14.0
    assert review.total == Decimal("14.0")
    review = review_save(
        actor=reviewer, answer=answer, scores={motivation.pk: 5, experience.pk: 10}
    )
    assert review.total == Decimal("20.0")
    assert Review.objects.count() == 1
    assert sorted(review.scores.values_list("score", flat=True)) == [5, 10]


def test_only_the_calls_reviewers_review_and_never_their_own_answer(agent):
    reviewer = UserFactory()
    call = CallFactory(with_questions=True, reviewers=[reviewer])
    other_call_answer = AnswerFactory(call=CallFactory(with_questions=True), submitted=True)
    own = AnswerFactory(call=call, author=reviewer, submitted=True)
    draft = AnswerFactory(call=call, author=agent)
    for answer in (other_call_answer, own, draft):
        with pytest.raises(PermissionDenied):
            review_save(actor=reviewer, answer=answer, scores={})


# --- decisions -----------------------------------------------------------------------------------


def test_accepting_a_contributor_puts_authors_in_the_lab_pool(
    lab, lab_lead, agent, django_capture_on_commit_callbacks
):
    call = CallFactory(owner_lab=lab, with_questions=True, title="Ateliers")
    colleague = UserFactory()
    answer = AnswerFactory(call=call, author=agent, submitted=True)
    answer.co_authors.add(colleague)
    with django_capture_on_commit_callbacks(execute=True):
        decided = answer_decide(
            actor=lab_lead, answer=answer, decision="accept", message="Bienvenue !"
        )
    assert decided.status == AnswerStatus.ACCEPTED
    assert decided.decision_lab == lab
    assert set(LabContributor.objects.filter(lab=lab).values_list("user_id", flat=True)) == {
        agent.pk,
        colleague.pk,
    }
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [agent.email, colleague.email]
    assert mail.outbox[0].subject == "LabNet : votre réponse à « Ateliers » est acceptée"
    assert "Vous rejoignez les contributeurs de Innov'mandie." in mail.outbox[0].body
    assert "Bienvenue !" in mail.outbox[0].body
    with pytest.raises(ValidationError) as exc:
        answer_decide(actor=lab_lead, answer=decided, decision="reject", message="Non")
    assert exc.value.code == "invalid_transition"


def test_accepting_a_project_sends_a_request_to_the_lab_inbox(
    lab, lab_lead, agent, django_capture_on_commit_callbacks
):
    call = CallFactory(owner_lab=lab, projects=True, with_questions=True)
    question = call.questions.first()
    answer = AnswerFactory(
        call=call,
        author=agent,
        submitted=True,
        title="Accueil sans rendez-vous",
        responses={str(question.pk): "Moins d'attente."},
    )
    with django_capture_on_commit_callbacks(execute=True):
        decided = answer_decide(actor=lab_lead, answer=answer, decision="accept")
    request = decided.request
    assert request.status == RequestStatus.SUBMITTED
    assert (request.lab, request.author, request.title) == (lab, agent, "Accueil sans rendez-vous")
    assert request.problem == "Vos motivations ?\nMoins d'attente."
    assert request.answer_due_at is not None
    assert AuditEntry.objects.filter(action="intake.request_receive_from_call").count() == 1
    # The lab's team hears of the request; the authors of the decision.
    assert sorted(m.subject for m in mail.outbox) == [
        f"LabNet : nouvelle demande pour Innov'mandie : « {request.title} »",
        f"LabNet : votre réponse à « {call.title} » est acceptée",
    ]


def test_a_national_call_needs_a_lab_to_accept_and_a_message_to_reject(coordinator, agent):
    call = CallFactory(national=True, projects=True, with_questions=True)
    answer = AnswerFactory(call=call, author=agent, submitted=True)
    with pytest.raises(ValidationError) as exc:
        answer_decide(actor=coordinator, answer=answer, decision="accept")
    assert list(exc.value.message_dict) == ["lab"]
    with pytest.raises(ValidationError) as exc:
        answer_decide(actor=coordinator, answer=answer, decision="reject")
    assert exc.value.message_dict == {
        "message": ["Expliquez le refus : ce message est envoyé aux auteurs."]
    }
    target = LabFactory()
    decided = answer_decide(actor=coordinator, answer=answer, decision="accept", lab=target)
    assert decided.request.lab == target


def test_a_challenge_without_lab_is_recorded_accepted(coordinator, agent):
    call = CallFactory(
        national=True,
        kind=CallKind.CHALLENGE,
        challenge_organisation=OrganisationFactory(),
        with_questions=True,
    )
    answer = AnswerFactory(call=call, author=agent, submitted=True)
    decided = answer_decide(actor=coordinator, answer=answer, decision="accept")
    assert decided.status == AnswerStatus.ACCEPTED and decided.request is None
    assert Request.objects.count() == 0


def test_only_the_owner_side_decides(lab, agent):
    reviewer = UserFactory()
    call = CallFactory(owner_lab=lab, with_questions=True, reviewers=[reviewer])
    answer = AnswerFactory(call=call, author=agent, submitted=True)
    for actor in (reviewer, agent, MembershipFactory().user):
        with pytest.raises(PermissionDenied):
            answer_decide(actor=actor, answer=answer, decision="accept")


OWN_DECISION_REFUSAL = (
    "Vous êtes auteur ou co-auteur de cette réponse : un autre membre de l'équipe qui porte "
    "l'appel en décide."
)


@pytest.mark.parametrize("role", ["author", "co_author"])
def test_the_owner_side_never_decides_an_answer_it_wrote(lab, lab_member, lab_lead, role):
    call = CallFactory(owner_lab=lab, with_questions=True, projects=True)
    if role == "author":
        own = AnswerFactory(call=call, author=lab_member, submitted=True)
    else:
        own = AnswerFactory(call=call, submitted=True)
        own.co_authors.add(lab_member)
    with pytest.raises(PermissionDenied) as exc:
        answer_decide(actor=lab_member, answer=own, decision="accept")
    assert str(exc.value) == OWN_DECISION_REFUSAL
    own.refresh_from_db()
    assert (own.status, own.decided_at) == (AnswerStatus.SUBMITTED, None)
    assert Request.objects.count() == 0
    assert AuditEntry.objects.filter(action="calls.answer_decide").count() == 0
    # Another member of the owner side decides it.
    decided = answer_decide(actor=lab_lead, answer=own, decision="accept")
    assert decided.status == AnswerStatus.ACCEPTED


def test_a_closed_call_with_every_answer_decided_is_decided(lab, lab_lead, agent):
    call = CallFactory(owner_lab=lab, with_questions=True, past=True)
    first = AnswerFactory(call=call, submitted=True)
    second = AnswerFactory(call=call, submitted=True)
    answer_decide(actor=lab_lead, answer=first, decision="reject", message="Non retenue.")
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED
    answer_decide(actor=lab_lead, answer=second, decision="accept")
    call.refresh_from_db()
    assert call.status == CallStatus.DECIDED


def test_request_receive_from_call_refuses_a_lab_not_receiving(agent):
    from tests.factories import LabFactory as Labs

    closed_lab = Labs(in_preparation=True)
    with pytest.raises(ValidationError) as exc:
        request_receive_from_call(
            actor=None, lab=closed_lab, author=agent, title="X", problem="Y", call_title="Z"
        )
    assert list(exc.value.message_dict) == ["lab"]
    assert Request.objects.count() == 0


def test_a_challenge_owned_by_a_lab_becomes_a_request_there(lab, lab_lead, agent):
    call = CallFactory(
        owner_lab=lab,
        kind=CallKind.CHALLENGE,
        challenge_organisation=OrganisationFactory(),
        with_questions=True,
    )
    answer = AnswerFactory(call=call, author=agent, submitted=True)
    decided = answer_decide(actor=lab_lead, answer=answer, decision="accept")
    assert decided.request.lab == lab
    assert decided.request.status == RequestStatus.SUBMITTED


def test_an_upcoming_or_draft_call_says_when_it_opens(agent):
    upcoming = CallFactory(
        with_questions=True,
        opens_at=datetime.datetime(2099, 3, 1, 8, 0, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2099, 4, 1, 8, 0, tzinfo=datetime.UTC),
    )
    with pytest.raises(ValidationError) as exc:
        answer_save_draft(actor=agent, call=upcoming, title="Trop tôt")
    assert exc.value.messages == [
        "Cet appel ouvre le 1 mars 2099 à 09:00 : revenez à cette date pour y répondre."
    ]
    with pytest.raises(ValidationError) as exc:
        answer_save_draft(actor=agent, call=CallFactory(draft=True), title="Pas publié")
    assert exc.value.messages == [
        "Cet appel n'est pas encore publié : il ne reçoit pas de réponses."
    ]


def test_the_personal_data_section_is_registered():
    from labnet.core.personal_data import sections

    assert "call_answers" in sections.keys
