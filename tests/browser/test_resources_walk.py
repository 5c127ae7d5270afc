"""A lab member proposes a resource, the coordination publishes it, a visitor finds it in
the library by its tag and opens it, then reads a lab's cooperations: in Chromium, with
axe-core on every page."""

import pytest

from labnet.resources.enums import ResourceStatus
from labnet.resources.models import Resource
from tests.factories import LabFactory, MembershipFactory, ProjectFactory, UserFactory

from .steps import new_session, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resource_from_proposal_to_library_and_a_labs_cooperations(
    page, chromium_browser, live_server, axe_check
):
    innov = LabFactory(key="innovmandie", name="Innov'mandie")
    lab_o = LabFactory(key="lab-o", name="Le Lab'O")
    martin = MembershipFactory(
        lab=innov, user__email="martin@normandie.gouv.fr", user__full_name="Martin Membre"
    ).user
    cora = UserFactory(
        email="cora@modernisation.gouv.fr", full_name="Cora Coordination", coordinator=True
    )
    shared = ProjectFactory(key="titres", title="Titres de séjour plus rapides", lead_lab=innov)
    shared.partner_labs.add(lab_o)

    # The lab member proposes a resource; a first attempt without a link or file is
    # refused with a French message next to the field, and what was typed stays.
    sign_in(page, martin.email)
    page.goto("/ressources/")
    axe_check(page)
    page.get_by_role("link", name="Proposer une ressource").click()
    page.wait_for_url("**/ressources/proposer/")
    axe_check(page)
    page.fill("#id_title", "Kit d'immersion au guichet")
    page.select_option("#id_kind", "toolkit")
    page.fill("#id_summary", "Grilles d'observation et guide d'entretien pour l'accueil.")
    page.select_option("#id_licence", "etalab-2.0")
    page.fill("#id_tags", "Immersion, accueil")
    page.get_by_role("button", name="Proposer la ressource").click()
    assert page.get_by_text(
        "Indiquez l'adresse web de la ressource ou déposez son fichier"
    ).is_visible()
    assert page.input_value("#id_title") == "Kit d'immersion au guichet"
    axe_check(page)
    page.fill("#id_url", "https://www.example.gouv.fr/kit-immersion")
    page.get_by_role("button", name="Proposer la ressource").click()
    page.wait_for_url("**/ressources/kit-dimmersion-au-guichet/")
    assert page.get_by_text("attend la relecture de la coordination").is_visible()
    axe_check(page)
    page.goto("/ressources/mes-propositions/")
    assert page.get_by_role("cell", name="proposée").is_visible()
    axe_check(page)
    sign_out(page)

    # The coordination publishes it from its review queue.
    sign_in(page, cora.email)
    page.goto("/ressources/a-relire/")
    axe_check(page)
    page.get_by_role("link", name="Kit d'immersion au guichet").click()
    page.wait_for_url("**/ressources/kit-dimmersion-au-guichet/#review")
    axe_check(page)
    page.get_by_text("Publier", exact=True).click()
    page.fill("#id_review-message", "Merci pour ce partage.")
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.wait_for_url("**/ressources/a-relire/")
    assert page.get_by_text("La ressource est publiée").is_visible()
    axe_check(page)
    assert Resource.objects.get().status == ResourceStatus.PUBLISHED
    sign_out(page)

    # A visitor finds it in the library by its tag and opens it.
    context, visitor = new_session(chromium_browser, live_server)
    visitor.goto("/ressources/")
    visitor.select_option("#filter-tag", "immersion")
    visitor.get_by_role("button", name="Appliquer les filtres").click()
    visitor.wait_for_url("**/ressources/?*tag=immersion*")
    assert visitor.get_by_role("heading", name="1 ressource").is_visible()
    axe_check(visitor)
    visitor.get_by_role("link", name="Kit d'immersion au guichet").click()
    visitor.wait_for_url("**/ressources/kit-dimmersion-au-guichet/")
    assert visitor.get_by_role("heading", level=1).inner_text() == "Kit d'immersion au guichet"
    assert visitor.get_by_role("link", name="Lire le texte de la licence").is_visible()
    axe_check(visitor)

    # ... and reads a lab's cooperations: its closest partners on its page, then all of
    # them on the cooperations page the page links.
    visitor.goto("/laboratoires/innovmandie/")
    assert visitor.get_by_role("heading", name="Coopérations").is_visible()
    assert visitor.locator("#top-partners").get_by_role("link", name="Le Lab'O").is_visible()
    visitor.locator("#all-cooperations").click()
    visitor.wait_for_url("**/laboratoires/innovmandie/cooperations/")
    assert visitor.get_by_role("heading", level=1).inner_text() == "Coopérations de Innov'mandie"
    table = visitor.locator("#cooperations-table")
    assert table.get_by_role("link", name="Le Lab'O").is_visible()
    assert (
        visitor.locator("#shared-projects")
        .inner_text()
        .startswith("Titres de séjour plus rapides — avec Le Lab'O")
    )
    axe_check(visitor)
    context.close()
