"""The call for contributors walk, in Chromium with axe-core on every page visited: a lab
lead opens a call through the form with a reviewer and publishes it; a person answers
(a draft, a refused sending, then sent); the reviewer scores it; the lead accepts it and
the person shows in the lab's pool of contributors; the person sees « acceptée »."""

import datetime

import pytest
from django.utils import timezone

from labnet.calls.enums import AnswerStatus, CallStatus
from labnet.calls.models import Answer, Call
from labnet.labs.models import LabContributor
from tests.factories import LabFactory, MembershipFactory, UserFactory

from .steps import new_session, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_a_call_for_contributors_from_opening_to_the_lab_pool(
    page, chromium_browser, live_server, axe_check
):
    lab = LabFactory(key="innovmandie", name="Innov'mandie")
    lead = MembershipFactory(
        lab=lab, lead=True, user__email="lea@normandie.gouv.fr", user__full_name="Léa Responsable"
    ).user
    reviewer = UserFactory(email="remi@normandie.gouv.fr", full_name="Rémi Relecteur")
    person = UserFactory(email="agnes@eure.gouv.fr", full_name="Agnès Agent")
    now = timezone.now()

    # The lab lead opens a call for contributors through the form.
    sign_in(page, lead.email)
    page.goto("/appels/")
    axe_check(page)
    page.get_by_role("link", name="Ouvrir un appel").click()
    page.wait_for_url("**/appels/nouveau/")
    axe_check(page)
    page.fill("#id_title", "Contributeurs pour nos ateliers d'accueil")
    page.check('input[name="kind"][value="contributors"]', force=True)
    page.select_option("#id_owner_lab", lab.key)
    page.fill("#id_summary", "Nous cherchons des agents pour animer des ateliers avec les usagers.")
    page.fill("#id_eligibility", "Agents publics de Normandie.")
    page.fill("#id_opens_at", _local(now - datetime.timedelta(hours=1)))
    page.fill("#id_closes_at", _local(now + datetime.timedelta(days=14)))
    page.fill(
        "#id_questions", "Pourquoi voulez-vous contribuer ?\n(facultatif) (courte) Votre service"
    )
    page.fill("#id_criteria", "Motivation ; 2 ; 5\nDisponibilité ; 1 ; 5")
    page.fill("#id_reviewers", reviewer.email)
    page.get_by_role("button", name="Enregistrer l'appel").click()
    page.wait_for_url("**/appels/contributeurs-pour-nos-ateliers-daccueil/")
    axe_check(page)
    page.get_by_role("button", name="Publier l'appel").click()
    page.wait_for_load_state()
    assert page.get_by_text("Appel publié.").is_visible()
    call = Call.objects.get()
    assert call.status == CallStatus.PUBLISHED and call.owner_lab == lab
    assert list(call.reviewers.all()) == [reviewer]
    axe_check(page)
    sign_out(page)

    # The person answers: a sending refused for a missing answer, a draft, then sent.
    applicant, applicant_page = new_session(chromium_browser, live_server)
    sign_in(applicant_page, person.email)
    applicant_page.goto("/appels/")
    applicant_page.get_by_role("link", name="Contributeurs pour nos ateliers d'accueil").click()
    applicant_page.wait_for_url(f"**/appels/{call.key}/")
    applicant_page.get_by_role("link", name="Répondre").click()
    applicant_page.wait_for_url(f"**/appels/{call.key}/repondre/")
    axe_check(applicant_page)
    required, optional = call.questions.all()
    applicant_page.fill("#id_title", "Agnès, animatrice d'ateliers")
    applicant_page.fill(f"#id_{optional.field_name}", "Sous-préfecture des Andelys")
    applicant_page.get_by_role("button", name="Envoyer ma réponse").click()
    applicant_page.wait_for_load_state()
    assert applicant_page.get_by_text(
        "Répondez à cette question : elle est obligatoire."
    ).is_visible()
    assert applicant_page.input_value("#id_title") == "Agnès, animatrice d'ateliers"
    axe_check(applicant_page)
    answer = Answer.objects.get()
    assert answer.status == AnswerStatus.DRAFT
    applicant_page.fill(
        f"#id_{required.field_name}", "J'anime déjà des ateliers en France services."
    )
    applicant_page.get_by_role("button", name="Enregistrer le brouillon").click()
    applicant_page.wait_for_url(f"**/appels/reponses/{answer.pk}/modifier/")
    assert applicant_page.get_by_text("Brouillon enregistré.").is_visible()
    axe_check(applicant_page)
    applicant_page.get_by_role("button", name="Envoyer ma réponse").click()
    applicant_page.wait_for_url(f"**/appels/reponses/{answer.pk}/")
    assert applicant_page.get_by_text("Réponse envoyée.").is_visible()
    axe_check(applicant_page)
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SUBMITTED

    # The reviewer scores it on the call's criteria, with a private comment.
    sign_in(page, reviewer.email)
    page.goto("/appels/mes-appels/")
    axe_check(page)
    page.goto(f"/appels/{call.key}/reponses/")
    axe_check(page)
    page.get_by_role("link", name="Évaluer").click()
    page.wait_for_url(f"**/appels/reponses/{answer.pk}/evaluation/")
    axe_check(page)
    motivation, availability = call.criteria.all()
    page.fill(f"#id_{motivation.field_name}", "7")
    page.fill(f"#id_{availability.field_name}", "4")
    page.fill("#id_comment", "Très motivée, expérience utile.")
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    page.wait_for_load_state()
    assert page.get_by_text("La note va de 0 à 5.").is_visible()
    assert page.input_value(f"#id_{availability.field_name}") == "4"
    page.fill(f"#id_{motivation.field_name}", "5")
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    page.wait_for_url(f"**/appels/{call.key}/reponses/")
    assert "18,7" in page.locator("#answers").inner_text()
    axe_check(page)
    sign_out(page)

    # The lead accepts the answer: the person joins the lab's pool.
    sign_in(page, lead.email)
    page.goto(f"/appels/{call.key}/reponses/")
    page.get_by_role("link", name="Décider").click()
    page.wait_for_url(f"**/appels/reponses/{answer.pk}/decision/")
    axe_check(page)
    page.check('input[name="decision"][value="accept"]', force=True)
    page.fill("#id_message", "Bienvenue parmi nos contributeurs !")
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.wait_for_url(f"**/appels/{call.key}/reponses/")
    assert page.get_by_text("Décision enregistrée et envoyée aux auteurs.").is_visible()
    axe_check(page)
    assert LabContributor.objects.filter(lab=lab, user=person).exists()
    page.goto(f"/personnes/laboratoires/{lab.key}/contributeurs/")
    assert "Agnès Agent" in page.locator("main").inner_text()
    axe_check(page)

    # The person sees the decision.
    applicant_page.goto("/appels/mes-reponses/")
    assert "acceptée" in applicant_page.locator("#my-answers").text_content()
    axe_check(applicant_page)
    applicant_page.get_by_role("link", name="Agnès, animatrice d'ateliers").click()
    applicant_page.wait_for_url(f"**/appels/reponses/{answer.pk}/")
    assert applicant_page.get_by_text(
        "Vous rejoignez les contributeurs de Innov'mandie."
    ).is_visible()
    assert "Très motivée" not in applicant_page.content()
    axe_check(applicant_page)
    applicant.close()
