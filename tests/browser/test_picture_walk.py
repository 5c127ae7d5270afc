"""The network's picture, in Chromium on the real dataset, with axe-core on every page
(desktop and 375 px) and the Content-Security-Policy watched: a visitor reads the bilan and
the national dashboard in English, and a lab's dashboard. The French walk, issue 10's
"Done when" in order, is test_picture_done_when.py (which reuses these helpers)."""

from pathlib import Path

import pytest

from labnet.imports.services import network_import

from .steps import new_session

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


def test_a_visitor_reads_the_picture_in_english_and_a_labs_dashboard(
    chromium_browser, live_server, axe_check
):
    # The French walk (the coordinator's dashboard, filter and CSV, the bilan) is issue
    # 10's "Done when": test_picture_done_when.py.
    assert network_import(path=DATASET).ok
    context, visitor = new_session(chromium_browser, live_server)
    visitor_problems = _watch(visitor)

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
