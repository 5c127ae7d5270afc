"""In Chromium, the header's "English" and "Français" buttons keep the person on the same
page, on a page of every area, signed out and signed in as a lab lead. (Every route is
checked through the test client in tests/www/test_language_switch.py.)"""

import re

import pytest

from labnet.events.models import Event
from labnet.labs.demo import DEMO_PASSWORD
from labnet.projects.models import Project
from tests.network import populated_network

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = [
    "/",
    "/laboratoires/?region=28",
    "/laboratoires/innovmandie/",
    "/evenements/",
    "/formations/",
    "/ressources/",
    "/appels/",
    "/appels/appel-demo/",
    "/guichet/delais/",
]


def _round_trip(page, path):
    page.goto(path)
    french_heading = page.locator("h1").first.inner_text()
    page.get_by_role("button", name="English").click()
    page.wait_for_url(re.compile(r"/en/"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/en" + path), page.url
    page.get_by_role("button", name="Français").click()
    page.wait_for_url(re.compile(r"^(?!.*/en/)"))
    assert page.url.endswith(path), page.url
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").first.inner_text() == french_heading


def test_the_language_buttons_keep_the_visitor_on_the_same_page(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    populated_network(settings)
    event = Event.objects.get(key="atelier-demo")
    project = Project.objects.filter(is_public=True).order_by("key").first()
    for path in [*PUBLIC, f"/evenements/{event.key}/", f"/projets/{project.key}/"]:
        _round_trip(page, path)


def test_the_language_buttons_keep_a_lab_lead_on_their_working_pages(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    populated_network(settings)
    project = Project.objects.filter(lead_lab__key="innovmandie").order_by("key").first()
    page.goto("/compte/connexion/")
    page.fill("#id_username", "responsable@demo.labnet.local")
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/connexion/" not in url)
    for path in [
        "/compte/",
        "/guichet/laboratoires/innovmandie/",
        f"/accompagnement/projets/{project.key}/",
        "/personnes/",
    ]:
        _round_trip(page, path)
