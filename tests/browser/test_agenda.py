"""The agenda in Chromium with axe-core: a visitor opens it from the main menu, filters it
by region (without JavaScript doing anything special: a GET form), finds the region's
calendar feed, switches to past events, and reaches the lab's page with its events."""

import pytest

from tests.events.campaign_helpers import in_days
from tests.events.factories import EventFactory
from tests.factories import LabFactory, RegionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_filters_the_agenda_by_region_and_finds_its_feed(page, live_server, axe_check):
    normandie = RegionFactory(code="28", name="Normandie")
    bretagne = RegionFactory(code="53", name="Bretagne")
    lab = LabFactory(key="innovmandie", name="Innov'mandie", region=normandie)
    EventFactory(
        title="Inauguration du lab à Rouen",
        organiser_lab=lab,
        region=normandie,
        starts_at=in_days(4, 18),
        ends_at=in_days(4, 20),
    )
    EventFactory(title="Webinaire breton", region=bretagne, is_online=True)
    EventFactory(
        title="Atelier passé",
        region=normandie,
        starts_at=in_days(-10, 10),
        ends_at=in_days(-10, 12),
    )

    page.goto("/")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Événements"
    ).click()
    page.wait_for_url("**/evenements/")
    axe_check(page)
    page.get_by_label("Région").select_option("28")
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**/evenements/?*region=28*")

    assert page.locator("#agenda-count").inner_text() == "1 événement"
    assert page.get_by_role("link", name="Inauguration du lab à Rouen").is_visible()
    feed = page.get_by_role("link", name="Les événements de la région Normandie")
    assert feed.get_attribute("href") == "/evenements/flux/region/28.ics"
    axe_check(page)

    page.get_by_role("link", name="Événements passés").click()
    page.wait_for_url("**/evenements/?*period=past*")
    assert page.get_by_role("link", name="Atelier passé").is_visible()
    assert page.locator("#agenda-count").inner_text() == "1 événement"
    axe_check(page)

    page.goto(lab.get_absolute_url())
    events = page.locator("#lab-events")
    assert events.get_by_role("link", name="Inauguration du lab à Rouen").is_visible()
    axe_check(page)
