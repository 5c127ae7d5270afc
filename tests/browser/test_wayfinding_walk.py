"""Finding one's way (issue 13), in Chromium with axe-core on every page visited: a lab
member reaches the lab's inbox (with its count) from the header; the coordinator creates
a campaign and opens it to proposals in the site; registering shows its outcome where the
eye is, instead of the empty form; an agent joins a file to a request; the footer's pages;
pages at 375 px without horizontal overflow, buttons with their label whole; the API
documentation page."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from labnet.api.docs import api_operations
from labnet.events.models import Campaign, Registration
from labnet.intake.models import RequestAttachment
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import (
    LabFactory,
    MembershipFactory,
    RequestFactory,
    UserFactory,
)

from .steps import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

MEMBER = "martin@innovmandie.gouv.fr"
COORDINATOR = "cora@coordination.gouv.fr"
AGENT = "agnes@eure.gouv.fr"
PHONE = {"width": 375, "height": 800}


def _visit(page, url, axe_check):
    page.goto(url)
    axe_check(page)


def _no_horizontal_overflow(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    culprits = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 376)
        .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id)"""
    )
    assert width <= 375, f"{page.url}: {width} px wide; {culprits}"


def _label_is_whole(page, name):
    """The button shows its text in full, not a bare icon."""
    button = page.get_by_role("link", name=name).first
    box = button.bounding_box()
    clipped = button.evaluate("e => e.scrollWidth > e.clientWidth + 1")
    assert box["width"] > 100 and not clipped, (name, box)


def test_a_lab_member_reaches_the_inbox_from_the_header(page, axe_check):
    lab = LabFactory(key="innovmandie", name="Innov'mandie")
    MembershipFactory(lab=lab, user=UserFactory(email=MEMBER, full_name="Martin Membre"))
    RequestFactory.create_batch(2, submitted=True, lab=lab)
    sign_in(page, MEMBER)
    _visit(page, "/laboratoires/", axe_check)

    menu = page.get_by_role("button", name=re.compile("^Mon laboratoire"))
    assert page.get_by_test_id("nav-waiting-total").inner_text().startswith("2")
    menu.click()
    axe_check(page)
    page.get_by_role("link", name="Boîte de réception (2 demandes en attente)").click()
    page.wait_for_url("**/guichet/laboratoires/innovmandie/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Boîte de réception d'Innov'mandie"
    )
    axe_check(page)
    page.get_by_role("button", name=re.compile("^Mon laboratoire")).click()
    page.get_by_role("link", name="Tableau des projets").click()
    page.wait_for_url("**/accompagnement/innovmandie/tableau/")
    axe_check(page)


def test_the_coordinator_creates_a_campaign_and_opens_it(page, axe_check):
    UserFactory(email=COORDINATOR, coordinator=True)
    sign_in(page, COORDINATOR)
    page.goto("/")
    page.get_by_role("button", name="Coordination").click()
    page.get_by_role("link", name="Créer une campagne").click()
    page.wait_for_url("**/evenements/campagnes/nouvelle/")
    axe_check(page)
    today = timezone.localdate()
    page.fill("#id_name", "Semaine normande de l'innovation")
    page.select_option("#id_kind", "regional_programme")
    page.fill("#id_starts_on", (today + dt.timedelta(days=2)).isoformat())
    page.fill("#id_ends_on", (today + dt.timedelta(days=9)).isoformat())
    page.get_by_role("button", name="Créer la campagne").click()
    page.wait_for_url("**/evenements/campagnes/semaine-normande-de-linnovation/")
    assert "est créée" in page.locator(".fr-alert").first.inner_text()
    axe_check(page)
    page.get_by_role("button", name="Ouvrir aux propositions").click()
    page.wait_for_load_state()
    assert "reçoit désormais les propositions" in page.locator(".fr-alert").first.inner_text()
    assert Campaign.objects.get().accepts_proposals is True
    # The agents can now propose: the button is there for them.
    axe_check(page)


def test_registering_shows_the_outcome_where_the_eye_is(page, axe_check):
    UserFactory(email=AGENT, full_name="Agnès Agent")
    event = EventFactory(key="atelier-rouen", title="Atelier à Rouen", capacity=10)
    sign_in(page, AGENT)
    _visit(page, "/evenements/atelier-rouen/", axe_check)
    page.locator("#inscription").get_by_role("button", name="M'inscrire").click()
    page.wait_for_url("**/evenements/atelier-rouen/#resultat-inscription")

    outcome = page.locator("#resultat-inscription")
    assert outcome.get_by_role("heading").inner_text() == "Vous êtes inscrit"
    assert outcome.is_visible() and outcome.bounding_box()["y"] < 800
    assert outcome.get_by_role("link", name="Annuler mon inscription").is_visible()
    # The register button gave way to the person's place.
    assert page.get_by_role("button", name="M'inscrire").count() == 0
    assert "Vous êtes inscrit à cet événement." in page.locator("#inscription").inner_text()
    axe_check(page)
    assert Registration.objects.filter(event=event).count() == 1
    # Times in good French.
    assert re.search(r"de \d+\sh à \d+\sh", page.locator(".labnet-facts").inner_text())


def test_a_visitor_registering_does_not_see_the_empty_form_again(page, axe_check):
    EventFactory(key="atelier-caen", title="Atelier à Caen", capacity=10)
    _visit(page, "/evenements/atelier-caen/", axe_check)
    page.fill("#id_full_name", "Valérie Visiteuse")
    page.fill("#id_email", "valerie@exemple.gouv.fr")
    page.locator("#inscription").get_by_role("button", name="M'inscrire").click()
    page.wait_for_url("**/#resultat-inscription")
    assert page.locator("#resultat-inscription h2").inner_text() == "Confirmez votre inscription"
    assert page.locator("#id_email").count() == 0
    axe_check(page)
    page.reload()
    assert page.locator("#id_email").count() == 0
    assert page.locator("#resultat-inscription").count() == 0


def test_an_agent_joins_a_file_to_the_request(page, axe_check, tmp_path):
    agent = UserFactory(email=AGENT)
    draft = RequestFactory(author=agent, current_step=6)
    file = tmp_path / "brouillon-projet.pdf"
    file.write_bytes(b"%PDF-1.4\n% brouillon\n")
    sign_in(page, AGENT)
    _visit(page, f"/guichet/demandes/{draft.public_id}/relecture/", axe_check)
    page.set_input_files("#id_file", str(file))
    page.fill("#id_title", "Mon brouillon")
    page.get_by_role("button", name="Joindre le fichier").click()
    page.wait_for_url("**/relecture/#attachments")
    assert page.get_by_test_id("attachments").get_by_role("link", name="Mon brouillon").is_visible()
    axe_check(page)
    # A renamed file is refused, in French, next to the field.
    fake = tmp_path / "faux.pdf"
    fake.write_bytes(b"MZ\x90\x00")
    page.set_input_files("#id_file", str(fake))
    page.get_by_role("button", name="Joindre le fichier").click()
    page.wait_for_load_state()
    assert "ne correspond pas à son extension" in page.content()
    axe_check(page)
    assert RequestAttachment.objects.count() == 1


def test_the_footer_pages(page, axe_check):
    _visit(page, "/", axe_check)
    for name, heading in [
        ("Accessibilité : non conforme", "Déclaration d'accessibilité"),
        ("Mentions légales", "Mentions légales"),
        ("Données personnelles", "Données personnelles"),
        ("Plan du site", "Plan du site"),
    ]:
        page.locator("footer").get_by_role("link", name=name).click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == heading
        axe_check(page)
    assert page.locator("#site-map a").count() >= 15


def test_the_api_documentation_passes_axe(page, axe_check):
    _visit(page, "/api/v1/docs/", axe_check)
    assert page.locator("html").get_attribute("lang") == "fr"
    operations = sum(len(tag.operations) for tag in api_operations())
    assert operations > 60
    assert page.locator("[data-operation]").count() == operations


def test_pages_fit_a_375_pixel_screen_with_whole_button_labels(
    chromium_browser, live_server, axe_check
):
    lab = LabFactory(key="innovmandie", name="Innov'mandie")
    member = UserFactory(email=MEMBER)
    MembershipFactory(lab=lab, user=member)
    event = EventFactory(key="atelier-rouen", organiser_lab=lab, capacity=3)
    RegistrationFactory(
        event=event,
        full_name="Maximilienne de La Tour-d'Auvergne-Lauraguais",
        email="maximilienne.delatourdauvergnelauraguais@prefecture-normandie.gouv.fr",
        organisation_name="Direction départementale de l'emploi, du travail et des solidarités",
    )
    context = chromium_browser.new_context(locale="fr-FR", base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, MEMBER)
        for url in (
            "/",
            "/laboratoires/",
            "/evenements/",
            "/evenements/atelier-rouen/",
            "/evenements/atelier-rouen/presences/",
            "/ressources/",
            "/appels/",
            "/guichet/laboratoires/innovmandie/",
            "/api/v1/docs/",
            "/accessibilite/",
            "/plan-du-site/",
        ):
            _visit(page, url, axe_check)
            _no_horizontal_overflow(page)
            if url == "/evenements/atelier-rouen/presences/":
                _label_is_whole(page, "Exporter la liste des inscrits (CSV)")
            if url == "/ressources/":
                _label_is_whole(page, "Proposer une ressource")
            if url == "/appels/":
                _label_is_whole(page, "Ouvrir un appel")
    finally:
        context.close()
