"""The registration walk, in Chromium with axe-core on every page visited: a visitor finds
an event in a campaign's programme, registers and confirms by the link of the e-mail; a
second person takes the last place; a third is put on the waiting list; the first cancels by
the link of her e-mail and the third is promoted at once and told by e-mail. The organiser
then reads the attendance sheet."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from labnet.events.enums import EventFormat, RegistrationStatus
from labnet.events.models import Registration
from tests.events.factories import CampaignFactory, EventFactory
from tests.factories import DepartmentFactory, LabFactory, MembershipFactory, RegionFactory

from .steps import new_session, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _link(email: str, kind: str) -> str:
    """The path of the confirm/cancel link of the last e-mail sent to `email`."""
    messages = [m for m in mail.outbox if m.to == [email]]
    assert messages, f"no e-mail to {email}"
    url = re.search(rf"https?://\S+/{kind}/", messages[-1].body).group(0)
    return urlsplit(url).path


def _register(page, *, name, email, organisation=""):
    page.fill("#id_full_name", name)
    page.fill("#id_email", email)
    if organisation:
        page.fill("#id_organisation_name", organisation)
    page.locator("#inscription").get_by_role("button", name=re.compile("^M'inscrire")).click()
    page.wait_for_url("**/evenements/atelier-rouen/#inscription")


def test_a_full_event_fills_then_a_cancellation_promotes_the_next_person(
    page, chromium_browser, live_server, axe_check
):
    normandie = RegionFactory(code="28", name="Normandie")
    seine_maritime = DepartmentFactory(code="76", name="Seine-Maritime", region=normandie)
    lab = LabFactory(key="innovmandie", name="Innov'mandie", region=normandie)
    member = MembershipFactory(
        lab=lab, user__email="martin@normandie.gouv.fr", user__full_name="Martin Membre"
    ).user
    campaign = CampaignFactory(key="mois-innovation-2026", name="Mois de l'innovation 2026")
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=10)
    event = EventFactory(
        key="atelier-rouen",
        title="Atelier : simplifier l'accueil",
        format=EventFormat.WORKSHOP,
        campaign=campaign,
        organiser_lab=lab,
        region=normandie,
        department=seine_maritime,
        capacity=2,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )

    # 1. A visitor finds the event in the campaign's programme, and registers with her name
    # and e-mail.
    page.goto(campaign.get_absolute_url())
    axe_check(page)
    page.get_by_role("link", name="Atelier : simplifier l'accueil").first.click()
    page.wait_for_url(f"**{event.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Atelier : simplifier l'accueil"
    assert "2 places restantes sur 2" in page.locator("#inscription").inner_text()
    axe_check(page)
    _register(
        page, name="Alice Agent", email="alice@eure.gouv.fr", organisation="Préfecture de l'Eure"
    )
    assert "Un courriel vient d'être envoyé à alice@eure.gouv.fr" in page.content().replace(
        "&#x27;", "'"
    )
    axe_check(page)

    # 2. She confirms by the link of the e-mail.
    assert mail.outbox[-1].subject == (
        "LabNet : confirmez votre inscription à « Atelier : simplifier l'accueil »"
    )
    page.goto(_link("alice@eure.gouv.fr", "confirmer"))
    assert (
        page.locator("#registration-state")
        .get_by_text("Votre inscription est confirmée")
        .is_visible()
    )
    axe_check(page)

    # 3. A second person takes the last place.
    context_b, page_b = new_session(chromium_browser, live_server)
    page_b.goto(event.get_absolute_url())
    assert "1 place restante sur 2" in page_b.locator("#inscription").inner_text()
    _register(page_b, name="Bruno Bureau", email="bruno@calvados.gouv.fr")
    page_b.goto(_link("bruno@calvados.gouv.fr", "confirmer"))
    assert "Votre inscription est confirmée" in page_b.locator("#registration-state").inner_text()
    context_b.close()

    # 4. The event is full: a third person is put on the waiting list.
    context_c, page_c = new_session(chromium_browser, live_server)
    page_c.goto(event.get_absolute_url())
    assert "Complet" in page_c.locator("#inscription").inner_text()
    axe_check(page_c)
    _register(page_c, name="Chloé Chargée", email="chloe@manche.gouv.fr")
    assert "vous êtes sur la liste d'attente, au rang 1" in page_c.content().replace("&#x27;", "'")
    axe_check(page_c)
    assert mail.outbox[-1].subject == (
        "LabNet : vous êtes sur la liste d'attente de « Atelier : simplifier l'accueil »"
    )
    page_c.goto(_link("chloe@manche.gouv.fr", "confirmer"))
    assert "liste d'attente, au rang 1" in page_c.locator("#registration-state").inner_text()
    axe_check(page_c)
    context_c.close()

    # 5. The first visitor cancels by the link of her e-mail: the page asks, she confirms.
    page.goto(_link("alice@eure.gouv.fr", "annuler"))
    axe_check(page)
    page.get_by_role("button", name="Confirmer l'annulation").click()
    page.wait_for_load_state()
    assert "Inscription annulée" in page.locator("#registration-state").inner_text()
    axe_check(page)

    # 6. The third person got the place at once, and an e-mail saying so.
    chloe = Registration.objects.get(email="chloe@manche.gouv.fr")
    assert (chloe.status, chloe.position) == (RegistrationStatus.CONFIRMED, None)
    promoted = [m for m in mail.outbox if m.to == ["chloe@manche.gouv.fr"]][-1]
    assert promoted.subject == (
        "LabNet : une place s'est libérée pour « Atelier : simplifier l'accueil »"
    )
    assert event.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 2

    # 7. The organiser reads the sheet: two confirmed people, and marks one present.
    context_m, page_m = new_session(chromium_browser, live_server)
    sign_in(page_m, member.email)
    page_m.goto(event.get_absolute_url())
    axe_check(page_m)
    page_m.get_by_role("link", name="Inscriptions et présences").click()
    page_m.wait_for_url("**/presences/")
    table = page_m.locator("#confirmed").inner_text()
    assert "Bruno Bureau" in table and "Chloé Chargée" in table
    assert "Alice Agent" not in table
    axe_check(page_m)
    page_m.get_by_label("Présence de Chloé Chargée").select_option("present")
    page_m.get_by_role("button", name="Enregistrer les présences").click()
    page_m.wait_for_url("**/presences/")
    chloe.refresh_from_db()
    assert chloe.attendance == "present"
    axe_check(page_m)
    context_m.close()
