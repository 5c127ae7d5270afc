import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from labnet.calls.enums import AnswerStatus, CallStatus
from labnet.calls.models import Answer, Call
from labnet.labs.models import LabContributor
from tests.calls.factories import AnswerFactory, CallFactory, ReviewFactory, fill_required
from tests.factories import LabFactory, UserFactory

pytestmark = pytest.mark.django_db


def _paris(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_public_list_shows_open_calls_filtered_by_kind(client):
    projects = CallFactory(kind="projects", title="Appel à projets 2026")
    contributors = CallFactory(title="Contributeurs recherchés")
    CallFactory(draft=True, title="Brouillon caché")
    CallFactory(past=True, title="Appel fini")
    response = client.get(reverse("calls:call_list"))
    assert response.status_code == 200
    assert set(response.context["calls"]) == {projects, contributors}
    assert "Brouillon caché" not in response.text and "Appel fini" not in response.text
    response = client.get(reverse("calls:call_list"), {"kind": "projects"})
    assert response.context["calls"] == [projects]


def test_call_page_dates_in_paris_and_answer_button(client):
    call = CallFactory(
        with_questions=True,
        closes_at=datetime.datetime(2030, 1, 15, 11, 0, tzinfo=datetime.UTC),
    )
    response = client.get(call.get_absolute_url())
    assert response.status_code == 200
    assert "15 janvier 2030 à 12:00" in response.text
    assert "Vos motivations ?" in response.text
    assert "Se connecter pour répondre" in response.text
    # Criteria and reviewers are for the owner side.
    assert "Critères d'évaluation" not in response.text


def test_a_draft_call_is_a_404_for_outsiders(client, agent):
    call = CallFactory(draft=True)
    client.force_login(agent)
    assert client.get(call.get_absolute_url()).status_code == 404


def _call_post(lab, **overrides):
    now = timezone.now()
    data = {
        "title": "Contributeurs pour nos ateliers",
        "kind": "contributors",
        "owner_lab": lab.key,
        "challenge_organisation": "",
        "summary": "Animer des ateliers avec nous.",
        "eligibility": "",
        "opens_at": _paris(now - datetime.timedelta(hours=1)),
        "closes_at": _paris(now + datetime.timedelta(days=10)),
        "questions": "Pourquoi ?\n(facultatif) (courte) Votre service ?",
        "criteria": "Motivation ; 2 ; 5\nDisponibilité",
        "reviewers": "",
    }
    data.update(overrides)
    return data


def test_lab_lead_creates_then_publishes_a_call(client, lab, lab_lead):
    reviewer = UserFactory(email="revue@example.gouv.fr")
    client.force_login(lab_lead)
    assert client.get(reverse("calls:call_create")).status_code == 200
    response = client.post(
        reverse("calls:call_create"), _call_post(lab, reviewers="revue@example.gouv.fr")
    )
    call = Call.objects.get()
    assert response.status_code == 302 and response["Location"] == call.get_absolute_url()
    assert [(q.label, q.required, q.kind) for q in call.questions.all()] == [
        ("Pourquoi ?", True, "long_text"),
        ("Votre service ?", False, "text"),
    ]
    assert [(c.label, c.weight, c.max_score) for c in call.criteria.all()] == [
        ("Motivation", 2, 5),
        ("Disponibilité", 1, 5),
    ]
    assert list(call.reviewers.all()) == [reviewer]
    client.post(reverse("calls:call_publish", kwargs={"key": call.key}))
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED
    # The edit form shows what was saved, one per line.
    response = client.get(reverse("calls:call_edit", kwargs={"key": call.key}))
    assert "(facultatif) (courte) Votre service ?" in response.text
    assert "Motivation ; 2 ; 5" in response.text


def test_bad_call_input_keeps_what_was_typed(client, lab, lab_lead):
    client.force_login(lab_lead)
    now = timezone.now()
    response = client.post(
        reverse("calls:call_create"),
        _call_post(
            lab,
            closes_at=_paris(now - datetime.timedelta(days=3)),
            criteria="Motivation ; deux",
            reviewers="inconnu@example.gouv.fr",
        ),
    )
    assert response.status_code == 400
    assert "Ligne 1 : le coefficient « deux » n&#x27;est pas un nombre entier." in response.text
    assert Call.objects.count() == 0
    assert "Animer des ateliers avec nous." in response.text
    # Once the criteria parse, the service's own messages come next to their fields.
    response = client.post(
        reverse("calls:call_create"),
        _call_post(
            lab,
            closes_at=_paris(now - datetime.timedelta(days=3)),
            reviewers="inconnu@example.gouv.fr",
        ),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["closes_at"] == ["La clôture doit venir après l'ouverture."]
    assert form.errors["reviewers"][0].startswith("Aucun compte LabNet n'utilise ces adresses")


def test_an_agent_without_lab_may_not_open_calls(client, agent):
    client.force_login(agent)
    assert client.get(reverse("calls:call_create")).status_code == 403


def test_answering_draft_then_submit(client, agent, django_capture_on_commit_callbacks):
    call = CallFactory(with_questions=True)
    required, optional = call.questions.all()
    client.force_login(agent)
    url = reverse("calls:answer_new", kwargs={"key": call.key})
    assert client.get(url).status_code == 200
    # Sending at once with a required question empty: the draft is kept, errors shown.
    response = client.post(
        url, {"title": "Ma candidature", f"q_{optional.pk}": "DINUM", "submit": "1"}
    )
    assert response.status_code == 400
    answer = Answer.objects.get()
    assert answer.status == AnswerStatus.DRAFT
    assert answer.responses == {str(required.pk): "", str(optional.pk): "DINUM"}
    assert response.context["form"].errors[f"q_{required.pk}"] == [
        "Répondez à cette question : elle est obligatoire."
    ]
    assert 'value="DINUM"' in response.text
    edit = reverse("calls:answer_edit", kwargs={"pk": answer.pk})
    assert f'action="{edit}"' in response.text
    response = client.post(edit, {"title": "Ma candidature", f"q_{required.pk}": "J'aime"})
    assert response.status_code == 302 and response["Location"] == edit
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit, {"title": "Ma candidature", f"q_{required.pk}": "J'aime", "submit": "1"}
        )
    assert response["Location"] == answer.get_absolute_url()
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SUBMITTED
    assert len(mail.outbox) == 1
    response = client.get(reverse("calls:my_answers"))
    assert "envoyée" in response.text


def test_answering_a_closed_call_says_so(client, agent):
    call = CallFactory(with_questions=True, past=True)
    client.force_login(agent)
    response = client.get(reverse("calls:answer_new", kwargs={"key": call.key}), follow=True)
    assert "Cet appel ne reçoit pas de réponses en ce moment." in response.text


def test_coauthor_and_attachment_forms(client, agent):
    colleague = UserFactory(email="collegue@example.gouv.fr")
    answer = AnswerFactory(call=CallFactory(with_questions=True), author=agent)
    client.force_login(agent)
    response = client.post(
        reverse("calls:answer_coauthor_add", kwargs={"pk": answer.pk}),
        {"coauthor-email": "absent@example.gouv.fr"},
    )
    assert response.status_code == 400
    assert response.context["coauthor_form"].errors["email"] == [
        "Impossible d'ajouter cette personne : vérifiez l'adresse ; elle doit avoir un compte "
        "LabNet et ne pas être déjà autrice de la réponse."
    ]
    assert 'value="absent@example.gouv.fr"' in response.text
    client.post(
        reverse("calls:answer_coauthor_add", kwargs={"pk": answer.pk}),
        {"coauthor-email": colleague.email},
    )
    assert list(answer.co_authors.all()) == [colleague]
    bad = SimpleUploadedFile("note.pdf", b"not a pdf")
    response = client.post(
        reverse("calls:answer_attach", kwargs={"pk": answer.pk}), {"attachment-file": bad}
    )
    assert response.status_code == 400
    assert "Le contenu du fichier ne correspond pas à son extension" in response.text
    good = SimpleUploadedFile("note.pdf", b"%PDF-1.4 ok")
    client.post(reverse("calls:answer_attach", kwargs={"pk": answer.pk}), {"attachment-file": good})
    attachment = answer.attachments.get()
    url = reverse(
        "calls:answer_attachment", kwargs={"pk": answer.pk, "attachment_id": attachment.pk}
    )
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 ok"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_owner_and_reviewer_pages(client, lab, lab_lead, agent):
    reviewer = UserFactory()
    call = CallFactory(owner_lab=lab, with_questions=True, reviewers=[reviewer])
    motivation, experience = call.criteria.all()
    answer = fill_required(AnswerFactory(call=call, author=agent, submitted=True))
    # The applicant: no answers list, no review page, no decision page.
    client.force_login(agent)
    assert client.get(reverse("calls:answer_list", kwargs={"key": call.key})).status_code == 403
    assert client.get(reverse("calls:answer_review", kwargs={"pk": answer.pk})).status_code == 403
    assert client.get(reverse("calls:answer_decision", kwargs={"pk": answer.pk})).status_code == 403
    # The reviewer scores; a score out of bounds is refused and the rest kept.
    client.force_login(reviewer)
    review_url = reverse("calls:answer_review", kwargs={"pk": answer.pk})
    response = client.post(
        review_url, {f"c_{motivation.pk}": "9", f"c_{experience.pk}": "7", "comment": "Bien"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors[f"c_{motivation.pk}"] == ["La note va de 0 à 5."]
    assert 'value="7"' in response.text and "Bien" in response.text
    response = client.post(
        review_url, {f"c_{motivation.pk}": "5", f"c_{experience.pk}": "7", "comment": "Bien"}
    )
    assert response.status_code == 302
    assert client.get(reverse("calls:answer_decision", kwargs={"pk": answer.pk})).status_code == 403
    # The owner sees the average and decides.
    client.force_login(lab_lead)
    response = client.get(reverse("calls:answer_list", kwargs={"key": call.key}))
    assert response.context["answers"][0].average == Decimal("18.0")
    assert "18,0" in response.text
    response = client.get(answer.get_absolute_url())
    assert "Bien" in response.text  # the private comment, for the owner side
    decision_url = reverse("calls:answer_decision", kwargs={"pk": answer.pk})
    response = client.post(decision_url, {"decision": "reject", "message": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["message"] == [
        "Expliquez le refus : ce message est envoyé aux auteurs."
    ]
    client.post(decision_url, {"decision": "accept", "message": "Bienvenue"})
    assert LabContributor.objects.filter(lab=lab, user=agent).exists()
    # The applicant sees « acceptée » and never the scores or comments.
    client.force_login(agent)
    response = client.get(reverse("calls:my_answers"))
    assert "acceptée" in response.text
    response = client.get(answer.get_absolute_url())
    assert "Bienvenue" in response.text
    assert "Bien<" not in response.text and "18,0" not in response.text
    assert "Évaluations" not in response.text


def _row(html: str, title: str) -> str:
    """The answers table row of the answer titled `title`."""
    return html.split(f">{title}</a>", 1)[1].split("</tr>", 1)[0]


def _cells(row: str) -> list[str]:
    """The text before any tag in each cell after the first: count, mean, actions last."""
    return [cell.split("<", 1)[0].strip() for cell in row.split("<td>")[1:]]


@pytest.mark.parametrize("role", ["author", "co_author"])
def test_an_author_on_the_owner_side_never_decides_nor_reads_reviews(
    client, lab, lab_member, role, django_capture_on_commit_callbacks
):
    reviewer = UserFactory()
    call = CallFactory(owner_lab=lab, with_questions=True, projects=True, reviewers=[reviewer])
    if role == "author":
        own = AnswerFactory(call=call, author=lab_member, submitted=True, title="Ma réponse")
    else:
        own = AnswerFactory(call=call, submitted=True, title="Ma réponse")
        own.co_authors.add(lab_member)
    other = AnswerFactory(call=call, submitted=True, title="Autre réponse")
    ReviewFactory(answer=own, reviewer=reviewer, total=Decimal("4.0"), comment="Trop faible")
    ReviewFactory(answer=other, reviewer=reviewer, total=Decimal("16.0"), comment="Solide")
    client.force_login(lab_member)
    decision_url = reverse("calls:answer_decision", kwargs={"pk": own.pk})
    refusal = (
        "Vous êtes auteur ou co-auteur de cette réponse : un autre membre de l&#x27;équipe qui "
        "porte l&#x27;appel en décide."
    )
    response = client.get(decision_url)
    assert response.status_code == 403
    assert refusal in response.text and "Trop faible" not in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decision_url, {"decision": "accept", "message": ""})
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.status == AnswerStatus.SUBMITTED and len(mail.outbox) == 0
    # Its own page: no reviews, no decision button.
    response = client.get(own.get_absolute_url())
    assert response.status_code == 200
    assert response.context["reviews"] == [] and response.context["can_decide"] is False
    assert "Trop faible" not in response.text and "4,0" not in response.text
    assert decision_url not in response.text
    # The answers list: blank count and mean, no action on its row; the other row intact.
    response = client.get(reverse("calls:answer_list", kwargs={"key": call.key}))
    own_row, other_row = _row(response.text, "Ma réponse"), _row(response.text, "Autre réponse")
    assert _cells(own_row)[-3:] == ["—", "—", "—"]
    assert "4,0" not in own_row and decision_url not in own_row
    assert "<td>1</td>" in other_row and "16,0" in other_row
    assert reverse("calls:answer_decision", kwargs={"pk": other.pk}) in other_row


def test_a_reviewer_who_applied_never_reads_their_scores_on_the_list(client):
    applicant_reviewer, other_reviewer = UserFactory(), UserFactory()
    call = CallFactory(with_questions=True, reviewers=[applicant_reviewer, other_reviewer])
    own = AnswerFactory(call=call, author=applicant_reviewer, submitted=True, title="Ma réponse")
    ReviewFactory(answer=own, reviewer=other_reviewer, total=Decimal("4.0"), comment="faible")
    client.force_login(applicant_reviewer)
    response = client.get(reverse("calls:answer_list", kwargs={"key": call.key}))
    row = _row(response.text, "Ma réponse")
    assert _cells(row)[-3:] == ["—", "—", "—"]
    assert "4,0" not in row and "Évaluer" not in row
    assert response.context["answers"][0].average is None
    assert client.get(reverse("calls:answer_review", kwargs={"pk": own.pk})).status_code == 403


def test_another_applicants_answer_is_a_404(client, agent):
    answer = AnswerFactory(submitted=True)
    client.force_login(agent)
    assert client.get(answer.get_absolute_url()).status_code == 404
    assert client.get(reverse("calls:answer_edit", kwargs={"pk": answer.pk})).status_code == 404


def test_a_reviewer_of_another_call_gets_403(client):
    reviewer = UserFactory()
    CallFactory(with_questions=True, reviewers=[reviewer])
    other = CallFactory(with_questions=True)
    client.force_login(reviewer)
    assert client.get(reverse("calls:answer_list", kwargs={"key": other.key})).status_code == 403


def test_my_calls_lists_owned_and_reviewed(client, lab, lab_member):
    owned = CallFactory(owner_lab=lab, draft=True)
    reviewed = CallFactory(owner_lab=LabFactory(), reviewers=[lab_member])
    CallFactory()
    AnswerFactory(call=owned, submitted=True)
    client.force_login(lab_member)
    response = client.get(reverse("calls:my_calls"))
    assert {c.pk: c.sent_count for c in response.context["calls"]} == {
        owned.pk: 1,
        reviewed.pk: 0,
    }


def test_national_call_decision_asks_for_a_lab(client, coordinator, agent):
    call = CallFactory(national=True, projects=True, with_questions=True)
    answer = AnswerFactory(call=call, author=agent, submitted=True)
    client.force_login(coordinator)
    url = reverse("calls:answer_decision", kwargs={"pk": answer.pk})
    response = client.post(url, {"decision": "accept"})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["lab"]
    target = LabFactory()
    client.post(url, {"decision": "accept", "lab": target.key})
    answer.refresh_from_db()
    assert answer.request.lab == target


def test_reviews_page_keeps_previous_scores(client):
    reviewer = UserFactory()
    call = CallFactory(with_questions=True, reviewers=[reviewer])
    answer = AnswerFactory(call=call, submitted=True)
    review = ReviewFactory(answer=answer, reviewer=reviewer, comment="Déjà lu")
    client.force_login(reviewer)
    response = client.get(reverse("calls:answer_review", kwargs={"pk": answer.pk}))
    assert response.context["form"].initial["comment"] == "Déjà lu"
    assert review.pk


def test_reviewers_download_attachments_of_sent_answers_only(client, agent):
    from labnet.calls.services.answers import answer_attach

    reviewer = UserFactory()
    call = CallFactory(with_questions=True, reviewers=[reviewer])
    draft = AnswerFactory(call=call, author=agent)
    attachment = answer_attach(
        actor=agent, answer=draft, file=SimpleUploadedFile("cv.pdf", b"%PDF-1.4 cv")
    )
    url = reverse(
        "calls:answer_attachment", kwargs={"pk": draft.pk, "attachment_id": attachment.pk}
    )
    client.force_login(reviewer)
    assert client.get(url).status_code == 404
    draft.status = AnswerStatus.SUBMITTED
    draft.save()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_review_is_captioned_with_its_reviewer(client, lab, lab_member):
    reviewer = UserFactory(full_name="Agnès Martin")
    call = CallFactory(owner_lab=lab, with_questions=True, reviewers=[reviewer])
    answer = AnswerFactory(call=call, submitted=True)
    ReviewFactory(answer=answer, reviewer=reviewer, total=Decimal("16.0"))
    client.force_login(lab_member)
    response = client.get(answer.get_absolute_url())
    assert "<caption>Évaluation par Agnès Martin : 16,0 sur 20</caption>" in response.text
