"""In Chromium, a visitor finds the open datasets on /donnees/ (French and English, on a
phone too), downloads the decided allocations and their SCDL file, then the two
publications from /publications/; axe-core finds no serious or critical violation."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from labnet.opendata.datasets import DATASETS
from labnet.opendata.scdl import FIELDS

pytestmark = pytest.mark.django_db(transaction=True)


def _download(page, link):
    with page.expect_download() as info:
        link.click()
    return info.value.path().read_text(encoding="utf-8")


def test_a_visitor_downloads_the_open_data_and_the_publications(page, axe_check):
    call_command("import_network", "data/network", stdout=io.StringIO())
    page.goto("/donnees/")
    axe_check(page)
    titles = page.locator("section h2").all_inner_texts()
    assert titles == [str(dataset.title) for dataset in DATASETS]
    funding = page.locator("section#financements")
    csv_text = _download(page, funding.get_by_role("link", name="CSV — Financements décidés"))
    header, *rows = csv_text.splitlines()
    assert header.startswith("key,funding_source_key,funding_source_name,envelope_key")
    assert len(rows) == 12  # the seeds' decided allocations
    scdl = _download(page, funding.get_by_role("link", name="CSV au format SCDL subventions"))
    assert scdl.splitlines() == [",".join(FIELDS)]  # no seed has both an amount and a SIRET
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/en/donnees/")
    assert page.locator("html").get_attribute("lang") == "en"
    axe_check(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/publications/")
    axe_check(page)
    for path in ("/publications/atlas.pdf", "/en/publications/livret.pdf"):
        assert page.request.get(path).status == 503  # queued, built once the request ends
        response = page.request.get(path)
        assert response.status == 200, path
        reader = PdfReader(io.BytesIO(response.body()))
        assert "/StructTreeRoot" in reader.trailer["/Root"]
        assert reader.trailer["/Root"]["/Lang"] == ("en" if path.startswith("/en/") else "fr")
    page.goto("/en/publications/")
    assert page.locator("html").get_attribute("lang") == "en"
    axe_check(page)
