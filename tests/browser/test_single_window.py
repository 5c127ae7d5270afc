"""The whole single-window walk, in Chromium with axe-core on every page visited: an agent
drafts an idea through the five steps, sees similar projects, sends it; a lab member finds
it in the inbox with its clock and accepts it, moves it to immersion with a reason, logs a
workshop and publishes the sheet; a visitor reads it; a second lab takes it up and the
lineage shows both."""

import pytest

from labnet.intake.enums import RequestStatus
from labnet.intake.models import Request
from labnet.search.services import project_index_update
from tests.factories import (
    DepartmentFactory,
    LabFactory,
    MembershipFactory,
    ProjectFactory,
    RegionFactory,
    ThemeFactory,
    UserFactory,
)

from .steps import log_workshop, move_stage, new_session, publish_sheet, sign_in, sign_out, take_up

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_idea_becomes_a_published_project_that_another_lab_takes_up(
    page, chromium_browser, live_server, axe_check
):
    normandie = RegionFactory(code="28", name="Normandie")
    DepartmentFactory(code="27", name="Eure", region=normandie)
    theme = ThemeFactory(key="accueil", name_fr="Accueil des usagers")
    lab = LabFactory(key="innovmandie", name="Innov'mandie", region=normandie, themes=[theme])
    member = MembershipFactory(
        lab=lab, user__email="martin@normandie.gouv.fr", user__full_name="Martin Membre"
    ).user
    agent = UserFactory(email="agnes@eure.gouv.fr", full_name="Agnès Agent")
    elsewhere = LabFactory(key="lab-o", name="Le Lab'O")
    project_index_update(
        project=ProjectFactory(
            key="attente-guichet",
            title="Réduire l'attente au guichet des titres",
            objective="Moins d'attente à l'accueil des sous-préfectures.",
            lead_lab=elsewhere,
        )
    )

    sign_in(page, agent.email)
    page.get_by_role("link", name="Proposer une idée").first.click()
    page.wait_for_url("**/guichet/proposer/")

    # Step 1: the problem; an empty field first, which is refused in French.
    assert "Étape 1 sur 6" in page.locator(".fr-stepper__title").inner_text()
    axe_check(page)
    page.fill("#id_title", "L'attente à l'accueil de la sous-préfecture")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state()
    assert page.get_by_text("Décrivez le problème rencontré ou votre idée.").is_visible()
    assert page.input_value("#id_title") == "L'attente à l'accueil de la sous-préfecture"
    page.fill("#id_problem", "Trop d'attente au guichet des titres, les usagers repartent.")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url("**/etape/2/")

    for step, field, text in [
        (2, "#id_affected_people", "Les usagers et les agents d'accueil."),
        (3, "#id_tried", "Des rendez-vous en ligne, peu utilisés."),
        (4, "#id_stakeholders", "La sous-préfecture et France services."),
    ]:
        assert f"Étape {step} sur 6" in page.locator(".fr-stepper__title").inner_text()
        axe_check(page)
        page.fill(field, text)
        page.get_by_role("button", name="Enregistrer et continuer").click()
        page.wait_for_url(f"**/etape/{step + 1}/")

    assert "Étape 5 sur 6" in page.locator(".fr-stepper__title").inner_text()
    axe_check(page)
    page.fill("#id_organisation_name", "Sous-préfecture des Andelys")
    page.select_option("#id_region", "28")
    page.select_option("#id_department", "27")
    page.locator("label", has_text="Accueil des usagers").click()  # DSFR styles the box
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url("**/relecture/")

    # The review: similar projects of the network and the labs best placed.
    assert "Étape 6 sur 6" in page.locator(".fr-stepper__title").inner_text()
    similar = page.locator("#similar-projects")
    assert "Réduire l'attente au guichet des titres" in similar.inner_text()
    assert "Innov'mandie" in page.locator("#lab-matches").inner_text()
    axe_check(page)
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url("**/guichet/demandes/*/")
    request = Request.objects.get()
    assert request.status == RequestStatus.SUBMITTED and request.lab == lab
    assert page.get_by_text("Votre demande est envoyée à Innov'mandie").is_visible()
    axe_check(page)
    sign_out(page)

    # The lab member: the inbox, with the clock, then the request, accepted.
    sign_in(page, member.email)
    page.goto("/guichet/laboratoires/innovmandie/")
    row = page.locator(f'#inbox-waiting tr[data-request="{request.public_id}"]')
    clock = row.locator("[data-clock]")
    assert clock.get_attribute("data-clock") == "info"
    assert clock.text_content().startswith("Reste 23 h")
    axe_check(page)
    row.get_by_role("link").click()
    page.wait_for_url(f"**/guichet/demandes/{request.public_id}/")
    axe_check(page)
    page.fill("#id_accept-message", "Bienvenue : premier atelier lundi.")
    page.get_by_role("button", name="Accepter en accompagnement").click()
    page.wait_for_load_state()
    assert page.get_by_text(
        "Demande acceptée : le projet est créé en phase de cadrage."
    ).is_visible()
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED and request.project is not None

    # The accepted project, run by the lab: a gate decision, a workshop, the published sheet.
    key = request.project.key
    page.goto(f"/accompagnement/projets/{key}/")
    axe_check(page)
    move_stage(page, key=key, to_stage="immersion", reason="Cadrage validé avec l'agente.")
    log_workshop(page, title="Atelier avec les agents d'accueil", agents=5, users=3, key=key)
    # The objective is still the agent's draft: it is rewritten for the public first.
    publish_sheet(page, key=key, objective="Réduire de moitié l'attente au guichet d'accueil.")
    axe_check(page)
    sign_out(page)

    # A visitor reads the published sheet.
    visitor, visitor_page = new_session(chromium_browser, live_server)
    visitor_page.goto(f"/projets/{key}/")
    assert visitor_page.locator("h1").inner_text() == request.project.title
    axe_check(visitor_page)
    visitor.close()

    # A second lab takes it up; the lineage tree shows both projects.
    olga = MembershipFactory(lab=elsewhere, user__email="olga@occitanie.gouv.fr").user
    sign_in(page, olga.email)
    take_up(page, key=key, lab_pk=elsewhere.pk, notes="Adapté aux sous-préfectures rurales.")
    page.get_by_role("link", name="Passage à l'échelle").first.click()
    tree = page.locator("ul.labnet-lineage")
    assert tree.locator("li").count() == 2
    assert tree.locator(":scope > li > a").inner_text() == request.project.title
    axe_check(page)
