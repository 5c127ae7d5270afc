"""The network-of-people walk (issue 5), in Chromium with axe-core on every page visited,
one person through the whole chain:

Zoé sets her skills and territory and opts in; Martin, a lab member, finds her by skill and
region and writes to her (the mail arrives without his address); Léa, the lab's lead, opens
a call for contributors with Rémi as reviewer; Zoé answers, Rémi scores, Léa accepts and Zoé
shows in the lab's pool; Zoé downloads her data and erases her account; the project's
history and the call's answers then show « Personne anonymisée », and she is gone from the
finder and the pool.

Each person has their own browser (steps.new_session). Bad input is tried on the way: every
refusal is in French and keeps what was typed.
"""

import datetime
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import timezone

from labnet.calls.enums import AnswerStatus, CallStatus
from labnet.calls.models import Answer, Call
from labnet.labs.models import LabContributor
from labnet.projects.enums import ActivityKind, Stage
from labnet.projects.models import Activity, ProjectPerson, StageTransition
from tests.factories import (
    DepartmentFactory,
    LabFactory,
    MembershipFactory,
    ProjectFactory,
    RegionFactory,
    UserFactory,
)
from tests.people.factories import SkillFactory

from .steps import PASSWORD, new_session, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

CALL_TITLE = "Contributeurs pour nos ateliers d'accueil"
ANSWER_TITLE = "Zoé, animatrice d'ateliers"


@pytest.fixture
def open_session(chromium_browser, live_server):
    """Another person's own browser, signed in; closed at the end of the test."""
    contexts = []

    def open_(email):
        context, other = new_session(chromium_browser, live_server)
        contexts.append(context)
        sign_in(other, email)
        return other

    yield open_
    for context in contexts:
        context.close()


def _local(dt) -> str:
    """A datetime as a datetime-local field takes it."""
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def build_network():
    """A lab in Normandie with a member and a lead, a reviewer from elsewhere, skills, and
    Zoé, whose name is already in a project's history (a stage decision, a journal entry,
    a project role)."""
    normandie = RegionFactory(code="28", name="Normandie")
    DepartmentFactory(code="27", name="Eure", region=normandie)
    RegionFactory(code="11", name="Île-de-France")
    SkillFactory(key="service-design", name="Design de service")
    SkillFactory(key="law", name="Droit")
    lab = LabFactory(key="innovmandie", name="Innov'mandie", region=normandie)
    member = MembershipFactory(
        lab=lab, user__email="martin@normandie.gouv.fr", user__full_name="Martin Membre"
    ).user
    lead = MembershipFactory(
        lab=lab, lead=True, user__email="lea@normandie.gouv.fr", user__full_name="Léa Responsable"
    ).user
    reviewer = UserFactory(email="remi@normandie.gouv.fr", full_name="Rémi Relecteur")
    zoe = UserFactory(email="zoe@eure.gouv.fr", full_name="Zoé Experte")
    project = ProjectFactory(key="accueil-eure", title="Accueil en préfecture", lead_lab=lab)
    StageTransition.objects.create(
        project=project,
        from_stage=Stage.FRAMING,
        to_stage=Stage.IMMERSION,
        actor=zoe,
        reason="Cadrage validé",
    )
    Activity.objects.create(
        project=project,
        kind=ActivityKind.WORKSHOP,
        happened_on="2026-01-15",
        title="Atelier avec les agents d'accueil",
        created_by=zoe,
    )
    ProjectPerson.objects.create(project=project, user=zoe, role="sponsor")
    return SimpleNamespace(
        lab=lab, member=member, lead=lead, reviewer=reviewer, zoe=zoe, project=project
    )


def set_skills_and_opt_in(page, axe_check):
    """Zoé, from her account page: a skill, her territory, and the three opt-ins."""
    page.goto("/compte/")
    axe_check(page)
    page.get_by_role("link", name="Mon profil : compétences").click()
    page.wait_for_url("**/personnes/mon-profil/")
    axe_check(page)
    page.get_by_label("Design de service").check(force=True)
    page.select_option("#id_region", "28")
    page.select_option("#id_department", "27")
    page.get_by_label("Apparaître dans l'annuaire des personnes").check(force=True)
    page.get_by_label("Montrer ma région et mon département").check(force=True)
    page.get_by_label("Accepter d'être contacté par LabNet").check(force=True)
    page.get_by_role("button", name="Enregistrer mon profil").click()
    page.wait_for_load_state()
    assert page.get_by_text("Profil enregistré.").is_visible()
    axe_check(page)


def find_and_contact(martin, axe_check, *, sender) -> str:
    """Martin finds Zoé by skill and region and writes to her; a message without a subject
    is refused first and keeps its text. Returns the search's address."""
    martin.goto("/personnes/")
    axe_check(martin)
    martin.get_by_label("Design de service").check(force=True)
    martin.select_option("#id_region", "28")
    martin.get_by_role("button", name="Rechercher").click()
    martin.wait_for_url("**/personnes/?*")
    search_url = martin.url
    assert martin.locator("#results-title").inner_text() == "1 personne"
    assert martin.get_by_role("link", name="Zoé Experte").is_visible()
    assert "Compétences recherchées : Design de service" in martin.content()
    axe_check(martin)
    martin.get_by_role("link", name="Zoé Experte").click()
    martin.wait_for_url("**/personnes/*/")
    axe_check(martin)
    martin.get_by_role("link", name="Écrire à Zoé Experte").click()
    martin.wait_for_url("**/ecrire/")
    axe_check(martin)
    martin.fill("#id_body", "Bonjour, pourriez-vous animer un atelier de design de service ?")
    martin.get_by_role("button", name="Envoyer le message").click()
    martin.wait_for_load_state()
    assert martin.get_by_text("Donnez un objet à votre message.").first.is_visible()
    assert martin.input_value("#id_body").startswith("Bonjour, pourriez-vous")
    axe_check(martin)
    martin.fill("#id_subject", "Un atelier à Évreux")
    martin.get_by_role("button", name="Envoyer le message").click()
    martin.wait_for_url("**/personnes/messages/*/")
    axe_check(martin)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["zoe@eure.gouv.fr"] and sent.reply_to == []
    assert sender.email not in sent.body and "Martin Membre vous écrit par LabNet" in sent.body
    return search_url


def open_call(lea, axe_check, *, lab, reviewer):
    """Léa opens a call for contributors through the form, with Rémi as reviewer."""
    now = timezone.now()
    lea.goto("/appels/")
    axe_check(lea)
    lea.get_by_role("link", name="Ouvrir un appel").click()
    lea.wait_for_url("**/appels/nouveau/")
    axe_check(lea)
    lea.fill("#id_title", CALL_TITLE)
    lea.check('input[name="kind"][value="contributors"]', force=True)
    lea.select_option("#id_owner_lab", lab.key)
    lea.fill("#id_summary", "Nous cherchons des agents pour animer des ateliers avec les usagers.")
    lea.fill("#id_eligibility", "Agents publics de Normandie.")
    lea.fill("#id_opens_at", _local(now - datetime.timedelta(hours=1)))
    lea.fill("#id_closes_at", _local(now + datetime.timedelta(days=14)))
    lea.fill(
        "#id_questions", "Pourquoi voulez-vous contribuer ?\n(facultatif) (courte) Votre service"
    )
    lea.fill("#id_criteria", "Motivation ; 2 ; 5\nDisponibilité ; 1 ; 5")
    lea.fill("#id_reviewers", reviewer.email)
    lea.get_by_role("button", name="Enregistrer l'appel").click()
    lea.wait_for_url("**/appels/contributeurs-pour-nos-ateliers-daccueil/")
    axe_check(lea)
    lea.get_by_role("button", name="Publier l'appel").click()
    lea.wait_for_load_state()
    assert lea.get_by_text("Appel publié.").is_visible()
    axe_check(lea)
    call = Call.objects.get()
    assert call.status == CallStatus.PUBLISHED and call.owner_lab == lab
    assert list(call.reviewers.all()) == [reviewer]
    return call


def answer_call(page, axe_check, *, call):
    """Zoé answers: sending without the required answer is refused (and saved as a draft,
    keeping what she typed), then she completes the draft and sends it."""
    page.goto("/appels/")
    axe_check(page)
    page.get_by_role("link", name=CALL_TITLE).click()
    page.wait_for_url(f"**/appels/{call.key}/")
    axe_check(page)
    page.get_by_role("link", name="Répondre").click()
    page.wait_for_url(f"**/appels/{call.key}/repondre/")
    axe_check(page)
    required, optional = call.questions.all()
    page.fill("#id_title", ANSWER_TITLE)
    page.fill(f"#id_{optional.field_name}", "Préfecture de l'Eure")
    page.get_by_role("button", name="Envoyer ma réponse").click()
    page.wait_for_load_state()
    assert page.get_by_text("Répondez à cette question : elle est obligatoire.").is_visible()
    assert page.input_value("#id_title") == ANSWER_TITLE
    assert page.input_value(f"#id_{optional.field_name}") == "Préfecture de l'Eure"
    axe_check(page)
    answer = Answer.objects.get()
    assert answer.status == AnswerStatus.DRAFT
    page.fill(f"#id_{required.field_name}", "J'anime déjà des ateliers de design de service.")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_url(f"**/appels/reponses/{answer.pk}/modifier/")
    assert page.get_by_text("Brouillon enregistré.").is_visible()
    axe_check(page)
    page.get_by_role("button", name="Envoyer ma réponse").click()
    page.wait_for_url(f"**/appels/reponses/{answer.pk}/")
    assert page.get_by_text("Réponse envoyée.").is_visible()
    axe_check(page)
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SUBMITTED
    return answer


def score_answer(remi, axe_check, *, call, answer):
    """Rémi scores the answer on the call's criteria; a score out of range is refused and
    the other score he typed stays."""
    remi.goto("/appels/mes-appels/")
    axe_check(remi)
    remi.goto(f"/appels/{call.key}/reponses/")
    axe_check(remi)
    remi.get_by_role("link", name="Évaluer").click()
    remi.wait_for_url(f"**/appels/reponses/{answer.pk}/evaluation/")
    axe_check(remi)
    motivation, availability = call.criteria.all()
    remi.fill(f"#id_{motivation.field_name}", "7")
    remi.fill(f"#id_{availability.field_name}", "4")
    remi.fill("#id_comment", "Très motivée, expérience utile.")
    remi.get_by_role("button", name="Enregistrer l'évaluation").click()
    remi.wait_for_load_state()
    assert remi.get_by_text("La note va de 0 à 5.").is_visible()
    assert remi.input_value(f"#id_{availability.field_name}") == "4"
    axe_check(remi)
    remi.fill(f"#id_{motivation.field_name}", "5")
    remi.get_by_role("button", name="Enregistrer l'évaluation").click()
    remi.wait_for_url(f"**/appels/{call.key}/reponses/")
    # (5 × 2 + 4 × 1) / 15, on 20.
    assert "18,7" in remi.locator("#answers").inner_text()
    axe_check(remi)


def accept_answer(lea, axe_check, *, call, answer, lab, person):
    """Léa accepts the answer: Zoé joins the lab's pool, and is told by mail."""
    lea.goto(f"/appels/{call.key}/reponses/")
    axe_check(lea)
    lea.get_by_role("link", name="Décider").click()
    lea.wait_for_url(f"**/appels/reponses/{answer.pk}/decision/")
    axe_check(lea)
    lea.check('input[name="decision"][value="accept"]', force=True)
    lea.fill("#id_message", "Bienvenue parmi nos contributeurs !")
    lea.get_by_role("button", name="Enregistrer la décision").click()
    lea.wait_for_url(f"**/appels/{call.key}/reponses/")
    assert lea.get_by_text("Décision enregistrée et envoyée aux auteurs.").is_visible()
    axe_check(lea)
    assert LabContributor.objects.filter(lab=lab, user=person).exists()
    decision = mail.outbox[-1]
    assert decision.to == [person.email]
    assert decision.subject == f"LabNet : votre réponse à « {CALL_TITLE} » est acceptée"
    assert "Vous rejoignez les contributeurs d'Innov'mandie." in decision.body
    # She opted in to the finder: the pool links to her page.
    lea.goto(f"/personnes/laboratoires/{lab.key}/contributeurs/")
    assert lea.locator("main").get_by_role("link", name="Zoé Experte").is_visible()
    axe_check(lea)


def see_acceptance(page, axe_check, *, answer):
    """Zoé sees « acceptée » and the outcome, never the reviewer's comment."""
    page.goto("/appels/mes-reponses/")
    assert "acceptée" in page.locator("#my-answers").text_content()
    axe_check(page)
    page.get_by_role("link", name=ANSWER_TITLE).click()
    page.wait_for_url(f"**/appels/reponses/{answer.pk}/")
    assert page.get_by_text("Vous rejoignez les contributeurs d'Innov'mandie.").is_visible()
    assert "Très motivée" not in page.content()
    axe_check(page)


def download_data(page, axe_check) -> dict:
    """Zoé downloads everything LabNet holds about her, as JSON."""
    page.goto("/personnes/mes-donnees/")
    axe_check(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger mes données (JSON)").click()
    return json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))


def erase_account(page, axe_check):
    """Zoé erases her account: a wrong confirmation is refused, then her password."""
    page.goto("/personnes/mes-donnees/")
    page.get_by_role("link", name="Effacer mon compte").click()
    page.wait_for_url("**/effacer-mon-compte/")
    axe_check(page)
    page.fill("#id_confirmation", "pas-mon-mot-de-passe")
    page.get_by_role("button", name="Effacer définitivement mon compte").click()
    page.wait_for_load_state()
    assert page.get_by_text(
        "Saisissez votre adresse électronique ou votre mot de passe pour confirmer."
    ).first.is_visible()
    axe_check(page)
    page.fill("#id_confirmation", PASSWORD)
    page.get_by_role("button", name="Effacer définitivement mon compte").click()
    page.wait_for_url(lambda url: "effacer-mon-compte" not in url)
    assert page.get_by_text("Votre compte est effacé.").is_visible()
    axe_check(page)


def test_a_person_from_opt_in_to_a_lab_pool_then_erased(page, open_session, axe_check):
    net = build_network()

    # A person sets skills and opts in.
    sign_in(page, net.zoe.email)
    set_skills_and_opt_in(page, axe_check)

    # A lab member finds her by skill and region and contacts her.
    martin = open_session(net.member.email)
    search_url = find_and_contact(martin, axe_check, sender=net.member)

    # A call for contributors opens; she answers; a reviewer scores; the owner accepts.
    lea = open_session(net.lead.email)
    call = open_call(lea, axe_check, lab=net.lab, reviewer=net.reviewer)
    answer = answer_call(page, axe_check, call=call)
    score_answer(open_session(net.reviewer.email), axe_check, call=call, answer=answer)
    accept_answer(lea, axe_check, call=call, answer=answer, lab=net.lab, person=net.zoe)
    see_acceptance(page, axe_check, answer=answer)

    # She downloads her data: the whole chain is in it.
    sections = download_data(page, axe_check)["sections"]
    assert {
        "account",
        "profile",
        "messages",
        "projects",
        "memberships",
        "requests",
        "call_answers",
        "lab_contributions",
    } <= set(sections)
    assert sections["account"]["email"] == "zoe@eure.gouv.fr"
    assert sections["profile"]["skills"] == ["Design de service"]
    assert sections["messages"][0]["subject"] == "Un atelier à Évreux"
    assert [(a["call"], a["status"]) for a in sections["call_answers"]] == [
        (CALL_TITLE, AnswerStatus.ACCEPTED)
    ]
    assert [c["lab"] for c in sections["lab_contributions"]] == ["innovmandie"]
    assert len(sections["projects"]["stage_decisions"]) == 1

    # She erases her account.
    erase_account(page, axe_check)

    # The project's history and the call's answers keep an anonymous mention; she is gone
    # from the finder and from the pool.
    martin.goto(f"/accompagnement/projets/{net.project.key}/etape/")  # the stage decisions
    content = martin.content()
    assert "Personne anonymisée" in content and "Zoé Experte" not in content
    axe_check(martin)
    martin.goto(search_url)
    assert martin.get_by_text("Personne ne correspond à ces critères.").is_visible()
    assert "Zoé Experte" not in martin.content()
    axe_check(martin)
    martin.goto(f"/personnes/laboratoires/{net.lab.key}/contributeurs/")
    assert martin.get_by_text(
        "Personne n'est encore dans le vivier de ce laboratoire."
    ).is_visible()
    axe_check(martin)
    lea.goto(f"/appels/{call.key}/reponses/")
    answers = lea.locator("#answers").inner_text()
    assert "Personne anonymisée" in answers and "Zoé Experte" not in answers
    axe_check(lea)
