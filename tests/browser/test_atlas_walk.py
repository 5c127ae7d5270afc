"""A visitor walks home -> atlas -> a lab page, in Chromium, with axe-core on each page."""

import pytest

from tests.factories import LabFactory, ProjectFactory, RegionFactory, ThemeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_walks_home_atlas_and_lab_page(page, axe_check):
    normandie = RegionFactory(code="28", name="Normandie")
    occitanie = RegionFactory(code="76", name="Occitanie")
    theme = ThemeFactory(key="open-data", name_fr="Données ouvertes")
    innov = LabFactory(
        key="innovmandie",
        name="Innov'mandie",
        region=normandie,
        themes=[theme],
        summary="Le laboratoire d'innovation territoriale de Normandie.",
    )
    LabFactory(key="lab-o", name="Le Lab'O", region=occitanie)
    ProjectFactory(lead_lab=innov, title="Open data dans l'Eure")

    page.goto("/")
    assert page.locator("h1").inner_text() == "Le réseau des laboratoires d'innovation publique"
    assert page.locator('[data-figure="labs"]').inner_text() == "2"
    axe_check(page)

    page.get_by_role("link", name="Explorer l'atlas des laboratoires").click()
    page.wait_for_url("**/laboratoires/")
    assert page.locator("#results-title").inner_text() == "2 laboratoires"
    axe_check(page)

    page.select_option("#filter-region", "28")
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**/laboratoires/?*region=28*")
    assert page.locator("#results-title").inner_text() == "1 laboratoire"
    assert page.locator("#filter-region").input_value() == "28"

    page.get_by_role("link", name="Innov'mandie").click()
    page.wait_for_url("**/laboratoires/innovmandie/")
    assert page.locator("h1").inner_text() == "Innov'mandie"
    assert page.get_by_text("Open data dans l'Eure").is_visible()
    axe_check(page)


def test_region_on_the_svg_map_filters_the_atlas(page):
    occitanie = RegionFactory(code="76", name="Occitanie")
    LabFactory(name="Le Lab'O", region=occitanie)
    LabFactory(name="Ti-Lab", region=RegionFactory(code="53", name="Bretagne"))

    page.goto("/laboratoires/")
    page.locator('#content svg a[href$="region=76"]').click()
    page.wait_for_url("**/laboratoires/?region=76")
    assert page.locator("#results-title").inner_text() == "1 laboratoire"
    assert page.locator("#lab-results h3").all_inner_texts() == ["Le Lab'O"]
