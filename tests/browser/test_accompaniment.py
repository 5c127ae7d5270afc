"""A lab member runs a project through the workspace, publishes it, a visitor reads it, and
a second lab takes it up: in Chromium, with axe-core on every page."""

import pytest

from labnet.projects.enums import Stage
from labnet.projects.models import Activity, Project
from tests.factories import LabFactory, MembershipFactory, ProjectFactory

from .steps import log_workshop, move_stage, new_session, publish_sheet, sign_in, take_up

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_moves_logs_publishes_and_another_lab_takes_up(
    page, chromium_browser, live_server, axe_check
):
    innov = LabFactory(key="innovmandie", name="Innov'mandie")
    lab_o = LabFactory(key="lab-o", name="Le Lab'O")
    martin = MembershipFactory(
        lab=innov, user__email="martin@normandie.gouv.fr", user__full_name="Martin Membre"
    ).user
    olga = MembershipFactory(
        lab=lab_o, user__email="olga@occitanie.gouv.fr", user__full_name="Olga Occitanie"
    ).user
    project = ProjectFactory(
        key="accueil-usagers",
        title="Accueil des usagers en préfecture",
        lead_lab=innov,
        private=True,
        stage=Stage.FRAMING,
        objective="Réduire l'attente au guichet des titres de séjour.",
    )

    # The lead lab's member opens the accepted project's workspace.
    sign_in(page, martin.email)
    page.goto("/accompagnement/projets/accueil-usagers/")
    assert page.locator("h1").inner_text() == "Accueil des usagers en préfecture"
    assert "Étape 1 sur 8" in page.locator("#summary").inner_text()
    axe_check(page)

    # Gate decision: framing -> immersion, with its reason.
    move_stage(
        page,
        key="accueil-usagers",
        to_stage="immersion",
        reason="Cadrage validé en comité de pilotage.",
    )
    assert "Étape 2 sur 8" in page.locator(".fr-stepper__title").inner_text()
    assert page.get_by_text("Cadrage validé en comité de pilotage.").is_visible()

    # A workshop in the journal.
    log_workshop(
        page, title="Atelier d'immersion au guichet", agents=6, users=4, key="accueil-usagers"
    )
    assert page.get_by_role("cell", name="Atelier d'immersion au guichet", exact=True).is_visible()
    axe_check(page)

    # Publish the sheet.
    publish_sheet(page, key="accueil-usagers")
    assert page.get_by_text("La fiche est publiée").first.is_visible()
    project.refresh_from_db()
    assert (project.stage, project.is_public) == (Stage.IMMERSION, True)
    assert Activity.objects.get().agents_count == 6

    # The board shows it in its column.
    page.goto("/accompagnement/innovmandie/tableau/")
    assert page.locator("#board").get_by_text("Accueil des usagers en préfecture").is_visible()
    axe_check(page)

    # A visitor, signed out, reads the public sheet.
    visitor, visitor_page = new_session(chromium_browser, live_server)
    visitor_page.goto("/projets/accueil-usagers/")
    assert visitor_page.locator("h1").inner_text() == "Accueil des usagers en préfecture"
    assert visitor_page.get_by_text(
        "Réduire l'attente au guichet des titres de séjour."
    ).is_visible()
    assert visitor_page.get_by_text("Reprendre ce projet dans votre territoire").count() == 0
    axe_check(visitor_page)
    visitor.close()

    # A member of a second lab takes it up from the project page.
    other, other_page = new_session(chromium_browser, live_server)
    sign_in(other_page, olga.email)
    other_page.goto("/projets/accueil-usagers/")
    axe_check(other_page)
    take_up(
        other_page,
        key="accueil-usagers",
        lab_pk=lab_o.pk,
        notes="Accueil itinérant dans les zones rurales.",
    )
    assert other_page.url.endswith("/accompagnement/projets/accueil-des-usagers-en-prefecture/")

    reuse = Project.objects.get(scaled_from=project)
    assert reuse.lead_lab == lab_o
    other_page.get_by_role("link", name="Passage à l'échelle").first.click()
    tree = other_page.locator("ul.labnet-lineage")
    assert tree.locator(":scope > li > a").inner_text() == "Accueil des usagers en préfecture"
    assert (
        tree.locator(":scope > li > ul > li strong[aria-current]").inner_text()
        == "Accueil des usagers en préfecture"
    )
    assert other_page.get_by_text("1 reprise dans cette lignée").is_visible()
    axe_check(other_page)

    # The original project's page shows the same tree, from its side.
    other_page.goto("/projets/accueil-usagers/")
    assert other_page.locator("ul.labnet-lineage li").count() == 2
    axe_check(other_page)
    other.close()
