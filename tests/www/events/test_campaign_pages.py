"""The campaign list and a campaign's page: figures, public programme and its filters."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.events.enums import EventFormat, EventStatus
from labnet.imports.services import network_import
from tests.events.campaign_helpers import in_days, open_campaign
from tests.events.factories import CampaignFactory, EventFactory, RegistrationFactory
from tests.events.test_import_campaigns import REAL_DATASET
from tests.factories import LabFactory, RegionFactory

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_campaign_list_shows_live_and_stated_event_counts(client):
    month = CampaignFactory(
        key="mois-innovation-publique-2022",
        name="Mois de l'innovation publique 2022",
        edition=9,
        stated_event_count=350,
    )
    EventFactory.create_batch(2, campaign=month)
    EventFactory(campaign=month, status=EventStatus.PROPOSED)

    response = client.get("/evenements/campagnes/")

    html = response.content.decode()
    assert response.status_code == 200
    row = html[html.index('data-campaign="mois-innovation-publique-2022"') :]
    row = row[: row.index("</tr>")]
    assert "Mois de l&#x27;innovation publique 2022" in row
    assert "9e édition" in row
    assert "<td>2</td>" in row and "<td>350</td>" in row


def test_a_campaign_page_shows_stated_figures_beside_live_ones(client):
    campaign = open_campaign(stated_event_count=350, stated_lab_event_share=33)
    lab = LabFactory()
    by_lab = EventFactory(campaign=campaign, organiser_lab=lab)
    EventFactory.create_batch(3, campaign=campaign)
    RegistrationFactory.create_batch(2, event=by_lab)

    html = client.get(campaign.get_absolute_url()).content.decode()

    figures = html[html.index('id="campaign-figures"') : html.index("</table>")]
    assert "Annoncé par la source" in figures
    assert "<td>350</td>" in figures and "<td>33 %</td>" in figures
    assert '<td data-figure="events">4</td>' in figures
    assert '<td data-figure="registrations">2</td>' in figures
    assert '<td data-figure="lab-share">25 % (1 événement)</td>' in figures


def test_the_programme_shows_only_public_events_and_filters_by_region(client):
    campaign = open_campaign()
    normandie, bretagne = RegionFactory(code="28", name="Normandie"), RegionFactory(code="53")
    rouen = EventFactory(campaign=campaign, region=normandie, title="Atelier à Rouen")
    EventFactory(campaign=campaign, region=bretagne, title="Atelier à Rennes")
    EventFactory(
        campaign=campaign, region=normandie, status=EventStatus.PROPOSED, title="Pas encore"
    )

    everything = client.get(campaign.get_absolute_url()).content.decode()
    filtered = client.get(campaign.get_absolute_url(), {"region": "28"}).content.decode()

    assert "Atelier à Rouen" in everything and "Atelier à Rennes" in everything
    assert "Pas encore" not in everything
    assert "Atelier à Rouen" in filtered and "Atelier à Rennes" not in filtered
    assert f'href="/evenements/{rouen.key}/"' in filtered
    assert "1 événement" in filtered


def test_a_wrong_filter_is_said_and_the_others_still_apply(client):
    campaign = open_campaign()
    normandie = RegionFactory(code="28", name="Normandie")
    EventFactory(campaign=campaign, region=normandie, title="Atelier à Rouen")
    EventFactory(campaign=campaign, title="Ailleurs")

    response = client.get(campaign.get_absolute_url(), {"region": "28", "date_from": "32/13/2026"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une date valide, ex. 2026-11-24." in html
    assert 'value="32/13/2026"' in html
    assert "Atelier à Rouen" in html and "Ailleurs" not in html


def test_dates_in_the_wrong_order_are_said_on_the_second_date(client):
    campaign = open_campaign()
    response = client.get(
        campaign.get_absolute_url(), {"date_from": "2026-12-10", "date_to": "2026-12-01"}
    )
    assert "Cette date est avant la date « À partir du »." in response.content.decode()


def test_visitors_are_invited_to_sign_in_to_propose_and_agents_to_propose(client, agent):
    campaign = open_campaign()
    anonymous = client.get(campaign.get_absolute_url()).content.decode()
    client.force_login(agent)
    signed_in = client.get(campaign.get_absolute_url()).content.decode()

    assert "Se connecter pour proposer un événement" in anonymous
    assert f'href="/evenements/campagnes/{campaign.key}/proposer/"' in signed_in
    assert f'href="/evenements/flux/campagne/{campaign.key}.ics"' in signed_in


def test_an_unknown_campaign_is_a_404(client):
    assert client.get("/evenements/campagnes/inconnue/").status_code == 404


def _events(campaign, n):
    lab = LabFactory()
    region = RegionFactory()
    for i in range(n):
        event = EventFactory(
            campaign=campaign,
            region=region,
            organiser_lab=lab,
            format=EventFormat.WEBINAR,
            starts_at=in_days(3 + i % 5, 10),
            ends_at=in_days(3 + i % 5, 12),
        )
        RegistrationFactory(event=event)


def test_programme_and_list_query_counts_do_not_grow(client):
    campaign = open_campaign()
    _events(campaign, 2)
    CampaignFactory()
    programme_two = _count(client, campaign.get_absolute_url() + "?format=webinar")
    list_two = _count(client, "/evenements/campagnes/")
    _events(campaign, 8)
    for _ in range(8):
        EventFactory(campaign=CampaignFactory())
    assert _count(client, campaign.get_absolute_url() + "?format=webinar") == programme_two
    assert _count(client, "/evenements/campagnes/") == list_two
    # campaign with figures, regions (filter options), count, one page of events
    assert programme_two == 4
    assert list_two == 1


def test_the_2022_month_of_the_dataset_is_visible_with_its_stated_figures(client):
    assert network_import(path=REAL_DATASET).ok

    html = client.get("/evenements/campagnes/mois-innovation-publique-2022/").content.decode()

    assert "<h1>Mois de l&#x27;innovation publique 2022</h1>" in html
    assert "9e édition" in html and "du 2 novembre 2022 au 30 novembre 2022" in html
    figures = html[html.index('id="campaign-figures"') : html.index("</table>")]
    assert "<td>350</td>" in figures and "<td>33 %</td>" in figures
    assert '<td data-figure="events">1</td>' in figures
    assert 'href="/evenements/journee-des-labs-2022/"' in html
    assert "mardi 8 novembre 2022, de 9\u00a0h" in html
