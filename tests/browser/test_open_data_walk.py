"""In Chromium, a visitor reads /donnees/ in English on a phone and downloads the booklet
in English from /publications/; axe-core finds no serious or critical violation. The
French walk (the datasets and their schemas, the SCDL file, the catalogue, both PDFs) is
issue 10's "Done when": test_picture_done_when.py."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_reads_the_open_data_and_the_booklet_in_english(page, axe_check):
    call_command("import_network", "data/network", stdout=io.StringIO())
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/en/donnees/")
    assert page.locator("html").get_attribute("lang") == "en"
    axe_check(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    path = "/en/publications/livret.pdf"
    assert page.request.get(path).status == 503  # queued, built once the request ends
    response = page.request.get(path)
    assert response.status == 200, path
    reader = PdfReader(io.BytesIO(response.body()))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "en"
    page.goto("/en/publications/")
    assert page.locator("html").get_attribute("lang") == "en"
    axe_check(page)
