"""The agenda of every public event (in a campaign or not) and the events of a lab's page."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from labnet.events.enums import Audience, EventFormat, EventStatus
from labnet.organisations.enums import OrganisationKind
from tests.events.campaign_helpers import in_days, open_campaign
from tests.events.factories import CampaignFactory, EventFactory, RegistrationFactory
from tests.factories import (
    DepartmentFactory,
    LabFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

AGENDA = "/evenements/"


def _keys(html: str) -> list[str]:
    """The events listed, in the order shown."""
    return re.findall(r'data-event="([^"]+)"', html)


def _get(client, params=None):
    response = client.get(AGENDA, params or {})
    assert response.status_code == 200
    return response.content.decode()


def test_the_agenda_lists_upcoming_public_events_in_and_out_of_campaigns(client):
    campaign = open_campaign()
    in_campaign = EventFactory(key="atelier", campaign=campaign, starts_at=in_days(3, 10))
    inauguration = EventFactory(
        key="inauguration",
        format=EventFormat.INAUGURATION,
        organiser_lab=LabFactory(name="La Fabrique normande"),
        starts_at=in_days(2, 18),
    )
    cancelled = EventFactory(key="annule", status=EventStatus.CANCELLED, starts_at=in_days(4, 9))
    for status in (
        EventStatus.DRAFT,
        EventStatus.PROPOSED,
        EventStatus.CHANGES_REQUESTED,
        EventStatus.REFUSED,
    ):
        EventFactory(key=f"cache-{status}", status=status, campaign=campaign)
    EventFactory(key="passe", starts_at=in_days(-3, 10), ends_at=in_days(-3, 12))

    html = _get(client)

    assert _keys(html) == [inauguration.key, in_campaign.key, cancelled.key]
    assert "3 événements" in html
    assert "La Fabrique normande" in html
    assert f"Campagne : {campaign.name}".replace("'", "&#x27;") in html
    assert "annulé" in html
    assert 'href="/evenements/campagnes/"' in html


def test_an_event_still_running_is_upcoming_and_past_ones_come_latest_first(client):
    now = timezone.now()
    running = EventFactory(
        key="en-cours", starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1)
    )
    older = EventFactory(key="ancien", starts_at=in_days(-30, 10), ends_at=in_days(-30, 12))
    recent = EventFactory(key="recent", starts_at=in_days(-2, 10), ends_at=in_days(-2, 12))
    EventFactory(
        key="brouillon-passe",
        status=EventStatus.DRAFT,
        starts_at=in_days(-5, 10),
        ends_at=in_days(-5, 12),
    )

    upcoming = _get(client)
    past = _get(client, {"period": "past"})

    assert _keys(upcoming) == [running.key]
    assert _keys(past) == [recent.key, older.key]
    assert '<a class="fr-btn" href="?period=past" aria-current="page">' in past
    assert '<input type="hidden" name="period" value="past">' in past


def test_the_past_toggle_keeps_the_other_filters(client):
    html = _get(client, {"format": "webinar", "q": "données"})
    links = html[html.index('id="period-links"') : html.index("</nav>", html.index("period-links"))]
    assert 'href="?format=webinar&amp;q=donn%C3%A9es&amp;period=past"' in links
    assert 'href="?format=webinar&amp;q=donn%C3%A9es"' in links


def _filter_world():
    region, department = RegionFactory(code="28", name="Normandie"), None
    department = DepartmentFactory(code="76", name="Seine-Maritime", region=region)
    other_department = DepartmentFactory(code="27", name="Eure", region=region)
    bretagne = RegionFactory(code="53", name="Bretagne")
    lab = LabFactory(key="innovmandie", name="Innov'mandie")
    prefecture = OrganisationFactory(kind=OrganisationKind.PREFECTURE)
    campaign = open_campaign()
    EventFactory(
        key="rouen",
        title="Atelier données à Rouen",
        region=region,
        department=department,
        organiser_lab=lab,
        campaign=campaign,
        starts_at=in_days(5, 10),
        ends_at=in_days(5, 12),
    )
    EventFactory(
        key="evreux",
        title="Webinaire des élus",
        format=EventFormat.WEBINAR,
        audience=Audience.ELECTED_OFFICIALS,
        is_online=True,
        region=region,
        department=other_department,
        organiser_organisation=prefecture,
        starts_at=in_days(10, 10),
        ends_at=in_days(10, 12),
    )
    EventFactory(
        key="rennes",
        title="Portes ouvertes",
        commune="Rennes",
        format=EventFormat.OPEN_DAY,
        region=bretagne,
        starts_at=in_days(20, 10),
        ends_at=in_days(20, 12),
    )
    return campaign


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["rouen", "evreux", "rennes"]),
        ({"region": "28"}, ["rouen", "evreux"]),
        ({"department": "27"}, ["evreux"]),
        ({"format": "webinar"}, ["evreux"]),
        ({"audience": "elected_officials"}, ["evreux"]),
        ({"organiser_kind": "lab"}, ["rouen"]),
        ({"organiser_kind": "prefecture"}, ["evreux"]),
        ({"lab": "innovmandie"}, ["rouen"]),
        ({"campaign": "mois-innovation-publique-2026"}, ["rouen"]),
        ({"q": "ATELIER DONN"}, ["rouen"]),
        ({"q": "rennes"}, ["rennes"]),
        ({"date_from": "DAY8"}, ["evreux", "rennes"]),
        ({"date_from": "DAY8", "date_to": "DAY15"}, ["evreux"]),
        ({"region": "28", "format": "workshop"}, ["rouen"]),
    ],
)
def test_each_filter_narrows_the_agenda(client, params, expected):
    _filter_world()
    day = {
        "DAY8": (timezone.localdate() + dt.timedelta(days=8)).isoformat(),
        "DAY15": (timezone.localdate() + dt.timedelta(days=15)).isoformat(),
    }
    params = {name: day.get(value, value) for name, value in params.items()}

    html = _get(client, params)

    assert _keys(html) == expected
    if params:
        assert 'href="/evenements/">Effacer les filtres</a>' in html


def test_a_wrong_filter_is_said_in_french_and_the_others_still_apply(client):
    _filter_world()

    html = _get(client, {"region": "99", "format": "webinar", "q": "élus", "lab": "inconnu"})

    assert "Un filtre n'est pas valide" in html
    assert "Cette région n&#x27;existe pas." in html
    assert "Ce laboratoire n&#x27;existe pas." in html
    assert _keys(html) == ["evreux"]
    assert '<option value="webinar" selected>' in html
    assert 'value="élus"' in html


def test_a_wrong_period_is_said_and_upcoming_events_are_shown(client):
    EventFactory(key="bientot")
    html = _get(client, {"period": "demain"})
    assert "Choisissez « à venir » ou « passés »." in html
    assert _keys(html) == ["bientot"]


def test_a_region_lab_or_campaign_filter_offers_its_calendar_feed(client):
    campaign = _filter_world()

    plain = _get(client)
    filtered = _get(client, {"region": "28", "lab": "innovmandie", "campaign": campaign.key})

    assert 'id="agenda-feeds"' not in plain
    feeds = filtered[filtered.index('id="agenda-feeds"') :]
    region_feed = 'href="/evenements/flux/region/28.ics">Les événements de la région Normandie</a>'
    assert region_feed in feeds
    assert 'href="/evenements/flux/laboratoire/innovmandie.ics"' in feeds
    assert f'href="/evenements/flux/campagne/{campaign.key}.ics"' in feeds


def test_an_item_shows_its_time_in_its_own_zone_its_place_and_places_left(client):
    cayenne = zoneinfo.ZoneInfo("America/Cayenne")
    day = timezone.localdate() + dt.timedelta(days=6)
    guyane = EventFactory(
        key="guyane",
        time_zone="America/Cayenne",
        starts_at=dt.datetime.combine(day, dt.time(14, 0), tzinfo=cayenne),
        ends_at=dt.datetime.combine(day, dt.time(16, 30), tzinfo=cayenne),
        commune="Cayenne",
        capacity=3,
    )
    RegistrationFactory.create_batch(2, event=guyane)
    full = EventFactory(key="complet", is_online=True, capacity=1, starts_at=in_days(7, 10))
    RegistrationFactory(event=full)

    html = _get(client)

    item = html[html.index('data-event="guyane"') : html.index('data-event="complet"')]
    assert "de 14\u00a0h à 16\u00a0h\u00a030</time> (America/Cayenne)" in item
    assert "Cayenne" in item
    assert '<p class="fr-card__detail" data-places-left="1">1 place restante</p>' in item
    online = html[html.index('data-event="complet"') :]
    assert "en ligne" in online and "complet" in online
    assert "data-places-left" not in online


def test_the_agenda_is_paginated_and_pages_keep_the_filters(client):
    for i in range(21):
        EventFactory(format=EventFormat.WEBINAR, starts_at=in_days(2 + i, 10))

    first = _get(client, {"format": "webinar"})
    second = _get(client, {"format": "webinar", "page": "2"})

    assert "21 événements" in first
    assert len(_keys(first)) == 20 and len(_keys(second)) == 1
    assert 'href="?format=webinar&amp;page=2"' in first


def test_the_main_menu_leads_to_the_agenda(client):
    html = _get(client)
    assert '<a class="fr-nav__link" href="/evenements/" aria-current="page">Événements</a>' in html


def _events(n, region, lab, campaign):
    for i in range(n):
        event = EventFactory(
            region=region,
            organiser_lab=lab,
            campaign=campaign if i % 2 else None,
            format=EventFormat.WEBINAR,
            starts_at=in_days(3 + i % 5, 10),
            ends_at=in_days(3 + i % 5, 12),
        )
        RegistrationFactory(event=event)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_agenda_query_count_does_not_grow_with_events(client):
    region, lab, campaign = RegionFactory(code="28"), LabFactory(key="innovmandie"), open_campaign()
    url = f"{AGENDA}?format=webinar&region=28&lab=innovmandie&campaign={campaign.key}&q=atelier"
    _events(2, region, lab, campaign)
    # The first page writes the department and lab lists into the cache (one query more
    # each); from then on each costs the query of its data version (labnet/www/
    # cached_select.py).
    client.get(AGENDA)
    plain_two, filtered_two = _count(client, AGENDA), _count(client, url)
    _events(8, region, lab, campaign)
    assert _count(client, AGENDA) == plain_two
    assert _count(client, url) == filtered_two
    # Options of the region and campaign filters, data versions of the department and
    # lab lists; count; one page.
    assert plain_two == 6
    # The same, plus checking the region, lab and campaign chosen.
    assert filtered_two == 9


# --- the lab's page ------------------------------------------------------------------


def test_a_lab_page_shows_its_next_five_public_events_and_its_feed(client):
    lab = LabFactory(key="innovmandie", name="Innov'mandie")
    for i in range(6):
        EventFactory(key=f"a-venir-{i}", organiser_lab=lab, starts_at=in_days(2 + i, 10))
    EventFactory(key="brouillon", organiser_lab=lab, status=EventStatus.DRAFT)
    EventFactory(key="passe", organiser_lab=lab, starts_at=in_days(-2, 10), ends_at=in_days(-2, 12))
    EventFactory(key="autre-labo", organiser_lab=LabFactory(), starts_at=in_days(1, 10))

    response = client.get(lab.get_absolute_url())

    html = response.content.decode()
    section = html[html.index('id="lab-events"') :]
    section = section[: section.index("</section>")]
    assert re.findall(r'href="/evenements/([^/"]+)/"', section) == [
        f"a-venir-{i}" for i in range(5)
    ]
    assert 'href="/evenements/?lab=innovmandie"' in section
    assert 'href="/evenements/flux/laboratoire/innovmandie.ics"' in section


def test_a_lab_without_upcoming_events_says_so(client):
    lab = LabFactory()
    html = client.get(lab.get_absolute_url()).content.decode()
    section = html[html.index('id="lab-events"') :]
    assert "Aucun événement public à venir." in section[: section.index("</section>")]


# --- the account page ----------------------------------------------------------------


def test_the_account_page_links_to_my_registrations_and_my_trainings(client):
    client.force_login(UserFactory())
    html = client.get("/compte/").content.decode()
    assert 'href="/evenements/mes-inscriptions/">Mes inscriptions</a>' in html
    assert 'href="/formations/mes-formations/">Mes formations</a>' in html


def test_a_campaign_programme_item_also_shows_places_left(client):
    campaign = open_campaign()
    event = EventFactory(campaign=campaign, capacity=5)
    RegistrationFactory(event=event)
    html = client.get(campaign.get_absolute_url()).content.decode()
    assert "4 places restantes" in html
    assert "Campagne :" not in html


def test_campaign_filter_lists_campaigns_newest_first(client):
    CampaignFactory(key="ancienne", name="Ancienne", starts_on=dt.date(2020, 11, 1))
    CampaignFactory(key="recente", name="Récente", starts_on=dt.date(2025, 11, 1))
    html = _get(client)
    select = html[html.index('name="campaign"') :]
    assert select.index("Récente") < select.index("Ancienne")


def test_a_text_search_matching_more_than_the_cap_says_more_than(client, monkeypatch):
    monkeypatch.setattr("labnet.www.events.agenda_views.TEXT_SEARCH_COUNT_CAP", 3)
    for i in range(5):
        EventFactory(key=f"num-{i}", title="Atelier numérique", starts_at=in_days(2 + i, 10))
    EventFactory(key="autre", title="Webinaire", starts_at=in_days(2, 10))

    html = _get(client, {"q": "NUMERIQUE"})
    assert "Plus de 3 événements : précisez votre recherche pour les voir tous." in html
    assert _keys(html) == ["num-0", "num-1", "num-2"]
    assert "Dernière page" not in html

    exact = _get(client, {"q": "webinaire"})
    assert "1 événement" in exact and "Plus de" not in exact
    english = client.get("/en" + AGENDA, {"q": "numerique"}).content.decode()
    assert "More than 3 events: narrow your search to see them all." in english
