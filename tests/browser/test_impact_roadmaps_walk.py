"""A visitor reads the CAP 2030 roadmap (three axes, its items, 22 projects stated and 19
listed); a member of the Lab'O team sets a baseline and records a measured value of one
of the project's indicators in its workspace, and its progress shows on the public sheet.
In Chromium, with axe-core on every page."""

from pathlib import Path

import pytest

from labnet.impact.models import Indicator
from labnet.imports.services import network_import
from labnet.labs.models import Lab
from tests.factories import MembershipFactory

from .steps import new_session, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

DATASET = Path(__file__).resolve().parents[2] / "data" / "network"
PROJECT = "lab-o-accelerateur-france-relance-hautes-pyrenees"
INDICATOR = "lab-o-accelerateur-delai-prise-en-charge"


def test_roadmap_and_a_measured_indicator_from_workspace_to_public_sheet(
    page, chromium_browser, live_server, axe_check
):
    assert network_import(path=DATASET).ok
    member = MembershipFactory(
        lab=Lab.objects.get(key="lab-o-occitanie"),
        user__email="lea@occitanie.gouv.fr",
        user__full_name="Léa Lab'O",
    ).user

    # A visitor finds CAP 2030 among the roadmaps and reads its three axes and items.
    page.goto("/feuilles-de-route/")
    axe_check(page)
    page.get_by_role("link", name="CAP 2030").click()
    page.wait_for_url("**/feuilles-de-route/cap-2030-pays-de-la-loire/")
    for n, title in enumerate(
        ["Transformation managériale", "Transformation numérique", "Transformation des méthodes"],
        start=1,
    ):
        assert page.get_by_role("heading", name=f"Axe {n} : {title}").is_visible()
    assert page.get_by_role("rowheader", name="Construire un E-Forum de la mobilité").is_visible()
    assert page.locator("#stated-projects").inner_text() == "22"
    assert page.locator("#counted-items").inner_text() == "19"
    assert "l'écart de 3 projets n'est pas comblé" in page.locator("#gap").inner_text()
    axe_check(page)
    page.goto("/feuilles-de-route/lab-est-feuille-de-route/")
    assert page.get_by_text("La source ne détaille pas les axes").is_visible()
    axe_check(page)

    # The public sheet says the progress cannot be computed yet: no baseline.
    page.goto(f"/projets/{PROJECT}/")
    assert page.locator("#indicators").get_by_text("non calculable").first.is_visible()
    axe_check(page)

    # A team member sets the baseline, then records a measured value with its source.
    context, team = new_session(chromium_browser, live_server)
    sign_in(team, member.email)
    team.goto(f"/accompagnement/projets/{PROJECT}/")
    axe_check(team)
    # The workspace's side menu leads to the indicators' own page.
    team.locator(".fr-sidemenu").get_by_role("link", name="Indicateurs d'impact").click()
    team.wait_for_url(f"**/impact/projets/{PROJECT}/indicateurs/")
    axe_check(team)
    indicator = Indicator.objects.get(key=INDICATOR)
    team.goto(f"/impact/projets/{PROJECT}/indicateurs/{INDICATOR}/")
    axe_check(team)
    team.fill("#id_indicator-baseline_value", "72")
    team.fill("#id_indicator-baseline_on", "2021-01-04")
    team.get_by_role("button", name="Enregistrer").click()
    team.wait_for_url(f"**/impact/projets/{PROJECT}/indicateurs/")
    prefix = f"#id_measurement-{indicator.pk}"
    # Without a source, the value is refused and what was typed stays.
    team.fill(f"{prefix}-value", "48")
    team.fill(f"{prefix}-measured_on", "2022-06-30")
    team.locator(f"#indicator-{indicator.pk}").get_by_role(
        "button", name="Enregistrer la valeur"
    ).click()
    assert team.get_by_text("Indiquez d'où vient la valeur").is_visible()
    assert team.input_value(f"{prefix}-value") == "48"
    axe_check(team)
    team.fill(f"{prefix}-source_text", "Tableau de suivi de l'accélérateur, juin 2022")
    team.locator(f"#indicator-{indicator.pk}").get_by_role(
        "button", name="Enregistrer la valeur"
    ).click()
    team.wait_for_url(f"**/indicateurs/#indicator-{indicator.pk}")
    assert team.get_by_text("La valeur mesurée est enregistrée.").is_visible()
    axe_check(team)
    context.close()

    # The visitor now reads the progress: from 72 h to 48 h towards 24 h is halfway.
    page.goto(f"/projets/{PROJECT}/")
    row = page.locator("#indicators").get_by_role("row", name="Délai de prise en charge")
    assert "50 %" in row.inner_text()
    assert row.locator("progress").get_attribute("value") == "50.0"
    axe_check(page)
