"""The campaign walk, in Chromium with axe-core on every page visited: an agent proposes an
event to the current campaign (a wrong end time first, refused in French with nothing
lost); the coordinator validates it; the organiser gets the e-mail; a visitor opens the
campaign's programme, filters it by region, finds the event, registers and confirms by the
link of the e-mail; the campaign's live figures count the registration."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from labnet.events.enums import EventStatus, RegistrationStatus
from labnet.events.models import Event, Registration
from tests.events.campaign_helpers import open_campaign
from tests.events.factories import EventFactory
from tests.factories import (
    DepartmentFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
)

from .steps import new_session, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Atelier sciences comportementales à Rouen"


def _path_of(link: str) -> str:
    # E-mails carry the site's configured address; the test server runs elsewhere.
    return re.sub(r"^https?://[^/]+", "", link)


def test_a_proposed_event_is_validated_then_found_and_booked_by_a_visitor(
    page, chromium_browser, live_server, axe_check
):
    normandie = RegionFactory(code="28", name="Normandie")
    bretagne = RegionFactory(code="53", name="Bretagne")
    DepartmentFactory(code="76", name="Seine-Maritime", region=normandie)
    OrganisationFactory(key="prefecture-normandie", name="Préfecture de la région Normandie")
    organiser = UserFactory(email="olivia@normandie.gouv.fr", full_name="Olivia Organisatrice")
    coordinator = UserFactory(
        email="cora@modernisation.gouv.fr", full_name="Cora Coordination", coordinator=True
    )
    campaign = open_campaign()
    EventFactory(campaign=campaign, region=bretagne, title="Webinaire breton")
    day = timezone.localdate() + dt.timedelta(days=10)

    # The organiser finds the campaign and proposes an event.
    sign_in(page, organiser.email)
    page.goto("/evenements/campagnes/")
    axe_check(page)
    page.get_by_role("link", name=campaign.name).click()
    page.wait_for_url(f"**/evenements/campagnes/{campaign.key}/")
    axe_check(page)
    page.get_by_role("link", name="Proposer un événement").click()
    page.wait_for_url("**/proposer/")
    axe_check(page)
    page.fill("#id_title", TITLE)
    page.select_option("#id_format", "workshop")
    page.fill("#id_description", "Trois heures pour tester les leviers comportementaux.")
    page.fill("#id_start_date", day.isoformat())
    page.fill("#id_start_time", "09:30")
    page.fill("#id_end_date", day.isoformat())
    page.fill("#id_end_time", "08:00")  # before the start: refused
    page.fill("#id_venue", "Préfecture")
    page.fill("#id_commune", "Rouen")
    page.select_option("#id_department", "76")
    page.select_option("#id_organiser_organisation", "prefecture-normandie")
    page.fill("#id_capacity", "25")
    page.get_by_role("button", name="Envoyer la proposition").click()
    page.wait_for_load_state()
    assert page.get_by_text("La fin doit être après le début de l'événement.").is_visible()
    assert page.input_value("#id_title") == TITLE
    assert page.input_value("#id_commune") == "Rouen"
    axe_check(page)
    page.fill("#id_end_time", "12:30")
    page.get_by_role("button", name="Envoyer la proposition").click()
    page.wait_for_url("**/evenements/mes-propositions/")
    row = page.locator("#my-proposals tbody tr", has_text=TITLE)
    assert row.locator(".fr-badge").text_content() == "proposé"
    axe_check(page)
    event = Event.objects.get(title=TITLE)
    assert event.status == EventStatus.PROPOSED
    sign_out(page)

    # Not public yet: the programme does not list it.
    page.goto(f"/evenements/campagnes/{campaign.key}/")
    assert page.get_by_text(TITLE).count() == 0

    # The coordinator validates it from the review queue.
    mail.outbox.clear()
    sign_in(page, coordinator.email)
    page.goto("/evenements/propositions/")
    axe_check(page)
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/evenements/propositions/{event.key}/")
    axe_check(page)
    page.fill("#id_message", "Merci, belle proposition.")
    page.get_by_role("button", name="Valider et publier").click()
    page.wait_for_url("**/evenements/propositions/")
    assert page.get_by_text("Aucune proposition n'attend de décision.").is_visible()
    axe_check(page)
    sign_out(page)

    # The organiser was told, with the coordinator's message and the event's link.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([organiser.email], f"LabNet : votre événement « {TITLE} » est publié")
    ]
    assert "Merci, belle proposition." in mail.outbox[0].body
    assert f"/evenements/{event.key}/" in mail.outbox[0].body

    # A visitor finds it in the programme filtered by region, and registers.
    context, visitor = new_session(chromium_browser, live_server)
    try:
        visitor.goto(f"/evenements/campagnes/{campaign.key}/")
        assert visitor.get_by_role("link", name="Webinaire breton").is_visible()
        visitor.select_option("#id_region", "28")
        visitor.get_by_role("button", name="Appliquer les filtres").click()
        visitor.wait_for_url("**region=28**")
        assert visitor.get_by_role("link", name="Webinaire breton").count() == 0
        assert visitor.locator("#programme-count").inner_text() == "1 événement"
        axe_check(visitor)
        visitor.get_by_role("link", name=TITLE).click()
        visitor.wait_for_url(f"**/evenements/{event.key}/")
        axe_check(visitor)

        mail.outbox.clear()
        visitor.fill("#id_full_name", "Valentin Visiteur")
        visitor.fill("#id_email", "valentin@rouen.fr")
        visitor.get_by_role("button", name="M'inscrire").click()
        visitor.wait_for_url(f"**/evenements/{event.key}/#inscription")
        axe_check(visitor)
        assert [m.to for m in mail.outbox] == [["valentin@rouen.fr"]]
        confirm = re.search(r"\S+/inscription/[0-9a-f-]+/confirmer/", mail.outbox[0].body)
        assert confirm is not None, mail.outbox[0].body

        mail.outbox.clear()
        visitor.goto(_path_of(confirm.group(0)))
        axe_check(visitor)
        registration = Registration.objects.get(email="valentin@rouen.fr")
        assert registration.status == RegistrationStatus.CONFIRMED
        assert [(m.to, m.subject) for m in mail.outbox] == [
            (["valentin@rouen.fr"], f"LabNet : votre inscription à « {TITLE} » est confirmée")
        ]

        # The campaign's live figures count it.
        visitor.goto(f"/evenements/campagnes/{campaign.key}/")
        assert visitor.locator('[data-figure="events"]').inner_text() == "2"
        assert visitor.locator('[data-figure="registrations"]').inner_text() == "1"
    finally:
        context.close()
