"""The event walk of issue 4, in Chromium with axe-core on every page visited, on one event
from its proposal to its last free place:

an agent proposes an event of two places to the current campaign (a wrong end time first,
refused in French with nothing lost); the coordinator validates it and the organiser is
told by e-mail; a visitor finds it in the campaign's programme filtered by region,
registers (a wrong address first, refused with nothing lost), which holds no place yet,
and confirms with the « Confirmer mon inscription » button of the page the e-mail's link
opens; a second person takes the last place at her confirmation; a third, confirming when
the event is full, goes on the waiting list at rank 1; the first cancels by the link of her
e-mail and the third is promoted at once and told by e-mail; the event page then shows no
place left, the campaign's live figures count two registrations, and the organiser reads
the attendance sheet."""

import datetime as dt
import json
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
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
ALICE = "alice@eure.gouv.fr"
BRUNO = "bruno@calvados.gouv.fr"
CHLOE = "chloe@manche.gouv.fr"


def _sent() -> list[tuple[list[str], str]]:
    return [(m.to, m.subject) for m in mail.outbox]


def _last_mail_to(email: str):
    messages = [m for m in mail.outbox if m.to == [email]]
    assert messages, f"no e-mail to {email}"
    return messages[-1]


def _link(email: str, kind: str) -> str:
    """The path of the confirm/cancel link of the last e-mail sent to `email` (e-mails
    carry the site's configured address; the test server runs elsewhere)."""
    body = _last_mail_to(email).body
    found = re.search(rf"https?://\S+/inscription/[0-9a-f-]+/{kind}/", body)
    assert found is not None, body
    return urlsplit(found.group(0)).path


def _flash(page) -> str:
    return page.content().replace("&#x27;", "'")


def _places(page) -> str:
    return page.locator("#inscription").inner_text()


def _jsonld(page) -> dict:
    return json.loads(page.locator('script[type="application/ld+json"]').text_content())


def _fill_proposal(page, *, day: dt.date, end_time: str) -> None:
    page.fill("#id_title", TITLE)
    page.select_option("#id_format", "workshop")
    page.fill("#id_description", "Trois heures pour tester les leviers comportementaux.")
    page.fill("#id_start_date", day.isoformat())
    page.fill("#id_start_time", "09:30")
    page.fill("#id_end_date", day.isoformat())
    page.fill("#id_end_time", end_time)
    page.fill("#id_venue", "Préfecture")
    page.fill("#id_commune", "Rouen")
    page.select_option("#id_department", "76")
    page.select_option("#id_organiser_organisation", "prefecture-normandie")
    page.fill("#id_capacity", "2")


def _send_proposal(page) -> None:
    page.get_by_role("button", name="Envoyer la proposition").click()
    page.wait_for_load_state()


def _fill_registration(page, *, name, email, organisation="") -> None:
    page.fill("#id_full_name", name)
    page.fill("#id_email", email)
    if organisation:
        page.fill("#id_organisation_name", organisation)


def _submit_registration(page) -> None:
    page.locator("#inscription").get_by_role("button", name=re.compile("^M'inscrire")).click()
    page.wait_for_load_state()


def _register(page, *, key, name, email, organisation="") -> None:
    _fill_registration(page, name=name, email=email, organisation=organisation)
    _submit_registration(page)
    page.wait_for_url(f"**/evenements/{key}/#resultat-inscription")


def _confirm(page, email: str, axe_check) -> None:
    """Open the link of the e-mail: the page asks (the GET writes nothing), then the button.
    The e-mails sent before are cleared: the caller reads those the confirmation sends."""
    link = _link(email, "confirmer")
    mail.outbox.clear()
    page.goto(link)
    assert "Inscription à confirmer" in page.locator("#registration-state").inner_text()
    assert Registration.objects.get(email=email).status == RegistrationStatus.PENDING
    axe_check(page)
    page.get_by_role("button", name="Confirmer mon inscription").click()
    page.wait_for_load_state()


def test_a_proposed_event_is_validated_booked_filled_and_a_cancellation_promotes_the_next(
    page, chromium_browser, live_server, axe_check
):
    cache.clear()  # the per-address limit of visitor registrations starts at zero
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

    # 1. The organiser finds the campaign and proposes an event of two places; a wrong end
    # time is refused in French and what she typed stays.
    sign_in(page, organiser.email)
    page.goto("/evenements/campagnes/")
    axe_check(page)
    page.get_by_role("link", name=campaign.name).click()
    page.wait_for_url(f"**/evenements/campagnes/{campaign.key}/")
    axe_check(page)
    page.get_by_role("link", name="Proposer un événement").click()
    page.wait_for_url("**/proposer/")
    axe_check(page)
    _fill_proposal(page, day=day, end_time="08:00")  # before the start: refused
    _send_proposal(page)
    assert page.get_by_text("La fin doit être après le début de l'événement.").is_visible()
    assert page.input_value("#id_title") == TITLE
    assert page.input_value("#id_commune") == "Rouen"
    assert page.input_value("#id_capacity") == "2"
    assert not Event.objects.filter(title=TITLE).exists()
    axe_check(page)
    page.fill("#id_end_time", "12:30")
    _send_proposal(page)
    page.wait_for_url("**/evenements/mes-propositions/")
    row = page.locator("#my-proposals tbody tr", has_text=TITLE)
    assert row.locator(".fr-badge").text_content() == "proposé"
    axe_check(page)
    event = Event.objects.get(title=TITLE)
    assert (event.status, event.capacity, event.region_id) == (
        EventStatus.PROPOSED,
        2,
        normandie.pk,
    )
    sign_out(page)

    # Not public yet: the programme does not list it and its page does not exist for a visitor.
    page.goto(f"/evenements/campagnes/{campaign.key}/")
    assert page.get_by_text(TITLE).count() == 0
    axe_check(page)
    response = page.goto(f"/evenements/{event.key}/")
    assert response.status == 404
    axe_check(page)

    # 2. The coordinator validates it from the review queue; the organiser is told, with the
    # coordinator's message and the event's link.
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
    assert _sent() == [([organiser.email], f"LabNet : votre événement « {TITLE} » est publié")]
    assert "Merci, belle proposition." in mail.outbox[0].body
    assert f"/evenements/{event.key}/" in mail.outbox[0].body
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED

    # 3. A visitor finds it in the programme filtered by region.
    context_a, alice = new_session(chromium_browser, live_server)
    alice.goto(f"/evenements/campagnes/{campaign.key}/")
    assert alice.get_by_role("link", name="Webinaire breton").is_visible()
    assert alice.get_by_role("link", name=TITLE).is_visible()
    axe_check(alice)
    alice.select_option("#id_region", "28")
    alice.get_by_role("button", name="Appliquer les filtres").click()
    alice.wait_for_url("**region=28**")
    assert alice.get_by_role("link", name="Webinaire breton").count() == 0
    assert alice.locator("#programme-count").inner_text() == "1 événement"
    axe_check(alice)
    alice.get_by_role("link", name=TITLE).click()
    alice.wait_for_url(f"**/evenements/{event.key}/")
    assert alice.locator("h1").inner_text() == TITLE
    assert "2 places restantes sur 2" in _places(alice)
    jsonld = _jsonld(alice)
    assert (jsonld["name"], jsonld["maximumAttendeeCapacity"]) == (TITLE, 2)
    assert jsonld["remainingAttendeeCapacity"] == 2
    axe_check(alice)

    # 4. She registers: a wrong address is refused next to the field, what she typed stays,
    # nothing is recorded or sent.
    mail.outbox.clear()
    _fill_registration(
        alice, name="Alice Agent", email="alice@eure", organisation="Préfecture de l'Eure"
    )
    _submit_registration(alice)
    assert alice.get_by_text(
        "Saisissez une adresse électronique valide, par exemple nom@exemple.fr."
    ).is_visible()
    assert alice.input_value("#id_full_name") == "Alice Agent"
    assert alice.input_value("#id_organisation_name") == "Préfecture de l'Eure"
    assert not Registration.objects.exists()
    assert mail.outbox == []
    axe_check(alice)
    alice.fill("#id_email", ALICE)
    _submit_registration(alice)
    alice.wait_for_url(f"**/evenements/{event.key}/#resultat-inscription")
    assert f"Un courriel vient d'être envoyé à {ALICE}" in _flash(alice)
    assert "Votre place n'est réservée qu'après confirmation." in _flash(alice)
    # Pending, she holds no place yet.
    assert "2 places restantes sur 2" in _places(alice)
    axe_check(alice)
    assert _sent() == [([ALICE], f"LabNet : confirmez votre inscription à « {TITLE} »")]

    # She opens the link of the e-mail and confirms with the button of that page.
    _confirm(alice, ALICE, axe_check)
    assert (
        alice.locator("#registration-state")
        .get_by_text("Votre inscription est confirmée")
        .is_visible()
    )
    axe_check(alice)
    assert Registration.objects.get(email=ALICE).status == RegistrationStatus.CONFIRMED
    assert _sent() == [([ALICE], f"LabNet : votre inscription à « {TITLE} » est confirmée")]
    confirmed_mail = mail.outbox[0].body
    assert "Bonjour Alice Agent," in confirmed_mail
    assert "de 9\u00a0h\u00a030 à 12\u00a0h\u00a030" in confirmed_mail
    assert "Préfecture, Rouen" in confirmed_mail
    assert f"/evenements/{event.key}/" in confirmed_mail
    alice_cancel_link = _link(ALICE, "annuler")  # kept for step 7

    # 5. A second person takes the last place.
    context_b, bruno = new_session(chromium_browser, live_server)
    bruno.goto(f"/evenements/{event.key}/")
    assert "1 place restante sur 2" in _places(bruno)
    axe_check(bruno)
    _register(bruno, key=event.key, name="Bruno Bureau", email=BRUNO)
    axe_check(bruno)
    _confirm(bruno, BRUNO, axe_check)
    assert "Votre inscription est confirmée" in bruno.locator("#registration-state").inner_text()
    axe_check(bruno)
    context_b.close()

    # 6. The event is full: a third person registers, and at her confirmation goes on the
    # waiting list, at rank 1 (the page and an e-mail say so).
    mail.outbox.clear()
    context_c, chloe_page = new_session(chromium_browser, live_server)
    chloe_page.goto(f"/evenements/{event.key}/")
    assert "Complet" in _places(chloe_page)
    assert _jsonld(chloe_page)["remainingAttendeeCapacity"] == 0
    axe_check(chloe_page)
    _register(chloe_page, key=event.key, name="Chloé Chargée", email=CHLOE)
    assert f"Un courriel vient d'être envoyé à {CHLOE}" in _flash(chloe_page)
    axe_check(chloe_page)
    assert _sent() == [([CHLOE], f"LabNet : confirmez votre inscription à « {TITLE} »")]
    _confirm(chloe_page, CHLOE, axe_check)
    assert (
        "Votre adresse est confirmée, mais l'événement est complet : vous êtes sur la liste "
        "d'attente, au rang 1." in _flash(chloe_page)
    )
    assert "liste d'attente, au rang 1" in chloe_page.locator("#registration-state").inner_text()
    axe_check(chloe_page)
    assert _sent() == [([CHLOE], f"LabNet : vous êtes sur la liste d'attente de « {TITLE} »")]
    assert "au rang 1" in mail.outbox[0].body
    chloe = Registration.objects.get(email=CHLOE)
    assert (chloe.status, chloe.position) == (RegistrationStatus.WAITING, 1)
    context_c.close()

    # 7. The first visitor cancels by the link of her e-mail: the page asks, she confirms.
    mail.outbox.clear()
    alice.goto(alice_cancel_link)
    axe_check(alice)
    alice.get_by_role("button", name="Confirmer l'annulation").click()
    alice.wait_for_load_state()
    assert "Inscription annulée" in alice.locator("#registration-state").inner_text()
    axe_check(alice)

    # 8. The third person got the place at once, and an e-mail saying so.
    assert _sent() == [
        ([ALICE], f"LabNet : votre inscription à « {TITLE} » est annulée"),
        ([CHLOE], f"LabNet : une place s'est libérée pour « {TITLE} »"),
    ]
    promoted = mail.outbox[1].body
    assert "Bonjour Chloé Chargée," in promoted
    assert "Votre inscription est confirmée." in promoted
    assert _link(CHLOE, "annuler") in promoted
    chloe.refresh_from_db()
    assert (chloe.status, chloe.position) == (RegistrationStatus.CONFIRMED, None)
    assert sorted(
        event.registrations.filter(status=RegistrationStatus.CONFIRMED).values_list(
            "email", flat=True
        )
    ) == [BRUNO, CHLOE]

    # 9. The event page shows no place left; the campaign's live figures count two places.
    alice.goto(f"/evenements/{event.key}/")
    assert "Complet" in _places(alice)
    assert _jsonld(alice)["remainingAttendeeCapacity"] == 0
    axe_check(alice)
    alice.goto(f"/evenements/campagnes/{campaign.key}/")
    assert alice.locator('[data-figure="events"]').inner_text() == "2"
    assert alice.locator('[data-figure="registrations"]').inner_text() == "2"
    axe_check(alice)
    context_a.close()

    # 10. The organiser reads the sheet: two confirmed people, none waiting, one cancelled;
    # she marks one present.
    sign_in(page, organiser.email)
    page.goto(f"/evenements/{event.key}/")
    axe_check(page)
    page.get_by_role("link", name="Inscriptions et présences").click()
    page.wait_for_url("**/presences/")
    sheet = page.locator("main").inner_text()
    # (0 is singular in French once the catalogue has the string)
    assert "2 inscrits confirmés sur 2 places ; 0 place" in sheet
    assert "(s)" not in sheet
    assert "1 inscription annulée." in sheet
    assert "Liste d'attente" not in sheet
    table = page.locator("#confirmed").inner_text()
    assert "Bruno Bureau" in table and "Chloé Chargée" in table
    assert "Alice Agent" not in table
    axe_check(page)
    page.get_by_label("Présence de Chloé Chargée").select_option("present")
    page.get_by_role("button", name="Enregistrer les présences").click()
    page.wait_for_url("**/presences/")
    chloe.refresh_from_db()
    assert chloe.attendance == "present"
    axe_check(page)
