"""The network's picture, in Chromium on the real dataset, with axe-core on every page
(desktop and 375 px) and the Content-Security-Policy watched: the coordinator opens the
national dashboard from the header, filters by region, sees charts drawn by
@gouvfr/dsfr-chart with their tables and downloads a CSV; a visitor opens /bilan/ and sees
the stated figures beside the computed ones with their sources; the same in English."""

import csv
import io
from pathlib import Path

import pytest

from labnet.imports.services import network_import
from tests.factories import UserFactory

from .steps import new_session, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

DATASET = Path(__file__).resolve().parents[2] / "data" / "network"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


def _watch(page):
    problems = []
    page.add_init_script(LISTEN)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: message.type == "error" and problems.append(f"console: {message.text}"),
    )
    return problems


def _charts_drawn(page):
    # The web components have run: each chart holds the canvas Chart.js draws on.
    page.wait_for_function(
        "document.querySelectorAll('[data-chart]').length > 0 && "
        "[...document.querySelectorAll('[data-chart]')].every(c => c.querySelector('canvas'))"
    )


def _clean(page, problems):
    assert page.evaluate("window.__violations") == [], page.url
    assert problems == [], problems


def _both_widths(page, axe_check, name):
    axe_check(page)
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=False)
    page.set_viewport_size({"width": 375, "height": 800})
    page.wait_for_timeout(300)
    axe_check(page)
    if SHOTS.exists():
        page.screenshot(path=str(SHOTS / f"{name}-375.png"), full_page=False)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_coordinator_filters_the_dashboard_and_a_visitor_reads_the_bilan(
    page, chromium_browser, live_server, axe_check
):
    assert network_import(path=DATASET).ok
    cora = UserFactory(email="cora@modernisation.gouv.fr", full_name="Cora", coordinator=True)
    problems = _watch(page)

    sign_in(page, cora.email)
    page.get_by_role("link", name="Chiffres", exact=True).first.click()
    page.wait_for_url("**/tableau-de-bord/")
    assert page.locator("h1").inner_text() == "Le réseau en chiffres"
    assert page.locator("#internal-notice").is_visible()
    _charts_drawn(page)
    _clean(page, problems)
    _both_widths(page, axe_check, "dashboard-fr")

    # Filter by region (a GET form): Normandie's figures only.
    page.select_option("#filter-region", "28")
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**/tableau-de-bord/?annee=&region=28")
    _charts_drawn(page)
    regions = page.locator("#table-projects-region tbody th").all_inner_texts()
    assert regions == ["Normandie"]
    assert page.locator("#figure-projects-stage [data-chart] bar-chart").count() == 1
    stages = page.locator("#table-projects-stage tbody tr").count()
    assert stages >= 1
    axe_check(page)

    # The table's CSV, with the same filter.
    with page.expect_download() as info:
        page.locator("#figure-projects-region a[download]").click()
    download = info.value
    assert download.suggested_filename == "labnet-reseau-projects-region-28.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Région", "Projets"]
    assert [row[0] for row in rows[1:]] == ["Normandie"]
    assert int(rows[1][1]) == int(
        page.locator("#table-projects-region tbody td").first.inner_text()
    )
    _clean(page, problems)

    # A visitor reads the bilan: stated figures beside computed ones, with their sources.
    context, visitor = new_session(chromium_browser, live_server)
    visitor_problems = _watch(visitor)
    visitor.goto("/tableau-de-bord/")
    visitor.get_by_role(
        "link", name="Le bilan à date : chiffres annoncés et chiffres calculés"
    ).click()
    visitor.wait_for_url("**/bilan/")
    assert visitor.locator("h1").inner_text() == "Bilan à date"
    projects = visitor.locator('tr[data-stated="projects-accompanied"]')
    assert "plus de" in projects.inner_text() and "200" in projects.inner_text()
    assert "Développer l'innovation territoriale" in projects.inner_text()
    assert projects.get_attribute("data-verdict") in {"agree", "differ"}
    fte = visitor.locator('tr[data-stated="fte-support"]')
    assert fte.get_attribute("data-verdict") == "agree"
    assert "Mois de l'innovation publique" in fte.inner_text()
    first_line = visitor.locator("[data-computed]").first.get_attribute("data-computed")
    assert first_line == "projects.accompanied.count"
    _clean(visitor, visitor_problems)
    _both_widths(visitor, axe_check, "bilan-fr")

    # In English.
    visitor.goto("/en/bilan/")
    assert visitor.locator("h1").inner_text() == "Current results"
    _both_widths(visitor, axe_check, "bilan-en")
    visitor.goto("/en/tableau-de-bord/")
    _charts_drawn(visitor)
    assert visitor.locator("h1").inner_text() == "The network in figures"
    _both_widths(visitor, axe_check, "dashboard-en")
    visitor.goto("/laboratoires/innovmandie/tableau-de-bord/")
    _charts_drawn(visitor)
    _both_widths(visitor, axe_check, "lab-dashboard-fr")
    _clean(visitor, visitor_problems)
    context.close()
