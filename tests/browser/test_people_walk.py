"""The people walk, in Chromium with axe-core on every page: a person sets their skills
and territory and opts in; a lab member finds them by skill and region and writes to them
(the mail arrives without the sender's address); the person downloads their data and
erases their account; the project's history then shows « Personne anonymisée »."""

import json
from pathlib import Path

import pytest
from django.core import mail

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

from .steps import PASSWORD, new_session, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_person_is_found_contacted_then_erases_their_account(
    page, chromium_browser, live_server, axe_check
):
    normandie = RegionFactory(code="28", name="Normandie")
    DepartmentFactory(code="27", name="Eure", region=normandie)
    RegionFactory(code="11", name="Île-de-France")
    SkillFactory(key="service-design", name="Design de service")
    SkillFactory(key="law", name="Droit")
    lab = LabFactory(key="innovmandie", name="Innov'mandie", region=normandie)
    member = MembershipFactory(
        lab=lab, user__email="martin@normandie.gouv.fr", user__full_name="Martin Membre"
    ).user
    zoe = UserFactory(email="zoe@eure.gouv.fr", full_name="Zoé Experte")
    # The project's history names her: a stage decision, a journal entry, a project role.
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

    # 1. Zoé sets her skills and territory and opts in.
    sign_in(page, zoe.email)
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
    sign_out(page)

    # 2. Martin finds her by skill and region, and writes to her.
    context, martin = new_session(chromium_browser, live_server)
    sign_in(martin, member.email)
    martin.goto("/personnes/")
    axe_check(martin)
    martin.get_by_label("Design de service").check(force=True)
    martin.select_option("#id_region", "28")
    martin.get_by_role("button", name="Rechercher").click()
    martin.wait_for_url("**/personnes/?*")
    assert martin.get_by_role("link", name="Zoé Experte").is_visible()
    assert "Compétences recherchées : Design de service" in martin.content()
    axe_check(martin)
    martin.get_by_role("link", name="Zoé Experte").click()
    martin.wait_for_url("**/personnes/*/")
    axe_check(martin)
    martin.get_by_role("link", name="Écrire à Zoé Experte").click()
    martin.wait_for_url("**/ecrire/")
    axe_check(martin)
    # Bad input first: refused in French, what was typed is kept.
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
    assert member.email not in sent.body and "Martin Membre vous écrit par LabNet" in sent.body
    context.close()

    # 3. Zoé downloads her data, then erases her account.
    sign_in(page, zoe.email)
    page.goto("/personnes/mes-donnees/")
    axe_check(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger mes données (JSON)").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    sections = data["sections"]
    assert {"account", "profile", "messages", "projects", "memberships", "requests"} <= set(
        sections
    )
    assert sections["account"]["email"] == "zoe@eure.gouv.fr"
    assert sections["profile"]["skills"] == ["Design de service"]
    assert sections["messages"][0]["subject"] == "Un atelier à Évreux"
    page.get_by_role("link", name="Effacer mon compte").click()
    page.wait_for_url("**/effacer-mon-compte/")
    axe_check(page)
    page.fill("#id_confirmation", PASSWORD)
    page.get_by_role("button", name="Effacer définitivement mon compte").click()
    page.wait_for_url(lambda url: "effacer-mon-compte" not in url)
    assert page.get_by_text("Votre compte est effacé.").is_visible()
    axe_check(page)

    # 4. The project's history keeps the decision, with an anonymous mention.
    context, martin = new_session(chromium_browser, live_server)
    sign_in(martin, member.email)
    martin.goto(f"/accompagnement/projets/{project.key}/")
    content = martin.content()
    assert "Personne anonymisée" in content and "Zoé Experte" not in content
    axe_check(martin)
    martin.goto("/personnes/?skills=service-design")
    assert "Zoé Experte" not in martin.content()
    axe_check(martin)
    context.close()
