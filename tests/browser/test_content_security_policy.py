"""Under LabNet's strict Content-Security-Policy, the pages still work in Chromium and the
browser reports no violation: home, atlas (SVG map and the tiled Leaflet map), a lab page,
a project workspace, the guided form, an event page, the API tokens page and the audit log."""

import pytest

from labnet.core.services import audit_record
from labnet.projects.enums import Stage
from tests.events.factories import EventFactory
from tests.factories import LabFactory, MembershipFactory, ProjectFactory, RegionFactory

from .steps import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# Runs before any page script (through the DevTools protocol, so the policy does not apply
# to it): every violation the page reports is kept for the test to read.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${where}`);
});
"""


@pytest.fixture
def watched(page):
    problems = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: message.type == "error" and problems.append(f"console: {message.text}"),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def check(url_part):
        page.wait_for_load_state("load")
        assert url_part in page.url
        # The DSFR's JavaScript started (it marks the root element once it runs).
        page.wait_for_function("document.documentElement.dataset.frJs === 'true'")
        violations = page.evaluate("window.__violations")
        assert violations == [], f"{page.url}: {violations}"
        assert problems == [], f"{page.url}: {problems}"

    return page, check


def test_pages_work_under_the_policy_without_any_violation(watched, live_server, settings):
    page, check = watched
    # Tiles from LabNet's own origin (the machine has no outside network): any image does.
    settings.LABNET_TILE_URL = (
        f"{live_server.url}/static/dsfr/dist/favicon/apple-touch-icon.png?z={{z}}&x={{x}}&y={{y}}"
    )
    normandie = RegionFactory(code="28", name="Normandie")
    lab = LabFactory(key="innovmandie", name="Innov'mandie", region=normandie)
    member = MembershipFactory(
        lab=lab, lead=True, user__email="martin@normandie.gouv.fr", user__full_name="Martin Membre"
    ).user
    ProjectFactory(
        key="accueil-usagers",
        title="Accueil des usagers en préfecture",
        lead_lab=lab,
        private=True,
        stage=Stage.FRAMING,
    )
    event = EventFactory(organiser_lab=lab, title="Rencontre du réseau")
    audit_record(actor=member, action="lab.update_profile", target=lab, changes={"a": [1, 2]})

    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    check("/")

    page.goto("/laboratoires/")
    check("/laboratoires/")
    assert page.locator("#content svg a").count() >= 1
    # The tiled map shows itself once a tile has loaded, and draws the lab's marker.
    page.wait_for_selector("#labnet-tiles:not([hidden]) .leaflet-tile-loaded")
    assert page.locator("#labnet-tiles .leaflet-marker-icon").count() == 1
    check("/laboratoires/")

    page.goto("/laboratoires/innovmandie/")
    check("/laboratoires/innovmandie/")
    assert page.locator("h1").inner_text() == "Innov'mandie"

    page.goto(event.get_absolute_url())
    check(event.get_absolute_url())
    assert page.locator('script[type="application/ld+json"]').count() == 1
    # A DSFR behaviour that needs its JavaScript: the header's menu button opens the menu.
    page.set_viewport_size({"width": 400, "height": 800})
    page.locator(".fr-header__navbar .fr-btn--menu").click()
    page.wait_for_selector(".fr-header__menu.fr-modal--opened")
    page.set_viewport_size({"width": 1280, "height": 800})

    sign_in(page, member.email)
    page.goto("/accompagnement/projets/accueil-usagers/")
    check("/accompagnement/projets/accueil-usagers/")
    assert page.locator("h1").inner_text() == "Accueil des usagers en préfecture"
    # The board's styles come from the stylesheet file, not an inline block.
    page.goto("/accompagnement/innovmandie/tableau/")
    check("/tableau/")
    assert page.locator(".labnet-board").evaluate("e => getComputedStyle(e).display") == "flex"

    page.goto("/guichet/proposer/")
    check("/guichet/proposer/")
    page.fill("#id_title", "L'attente à l'accueil de la sous-préfecture")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state()
    assert page.get_by_text("Décrivez le problème rencontré ou votre idée.").is_visible()
    check("/guichet/")

    # The account pages of this work: a token created and shown once, the audit log.
    page.goto("/compte/jetons/")
    check("/compte/jetons/")
    page.fill("#id_name", "Tableau de bord")
    page.get_by_role("button", name="Créer le jeton").click()
    page.wait_for_load_state()
    assert page.locator("#new-token code").inner_text().startswith("lnt_")
    check("/compte/jetons/")
    page.goto("/audit/")
    check("/audit/")
    # A lead reads their lab's entries (a token is the person's own, not the lab's).
    assert "lab.update_profile" in page.locator("#audit-entries").inner_text()
    assert "api_token_create" not in page.locator("#audit-entries").inner_text()
