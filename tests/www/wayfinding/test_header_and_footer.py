"""The header's lab menu (with the number of waiting requests) and coordination menu, and
the footer's pages every public site carries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.intake.enums import RequestStatus
from tests.factories import LabFactory, MembershipFactory, RequestFactory

pytestmark = pytest.mark.django_db


def _html(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_lab_member_reaches_inbox_board_events_and_calls_from_the_header(client, lab, lab_member):
    RequestFactory.create_batch(2, submitted=True, lab=lab)
    RequestFactory(submitted=True, lab=lab, status=RequestStatus.WAITING_AUTHOR)
    RequestFactory(submitted=True)  # another lab's
    client.force_login(lab_member)

    html = _html(client, "/laboratoires/")

    assert "Mon laboratoire" in html
    assert 'data-testid="nav-waiting-total">2<' in html
    assert '<span class="fr-sr-only"> demandes en attente</span>' in html
    assert 'href="/guichet/laboratoires/innovmandie/"' in html
    assert "Boîte de réception (2 demandes en attente)" in html
    assert 'href="/accompagnement/innovmandie/tableau/"' in html
    assert 'href="/evenements/?lab=innovmandie"' in html
    assert 'href="/appels/mes-appels/"' in html
    assert "Coordination" not in html.split("</header>")[0].split("fr-nav__list")[1]


def test_a_member_of_two_labs_gets_one_group_per_lab(client, lab, lab_member):
    other = LabFactory(key="lab-zero", name="Lab Zéro")
    MembershipFactory(lab=other, user=lab_member)
    RequestFactory(submitted=True, lab=other)
    client.force_login(lab_member)

    html = _html(client)

    assert "Mes laboratoires" in html
    # (0 is singular in French once the catalogue has the string; the fallback says 0 …s)
    assert "Boîte de réception (0 demande" in html
    assert "Boîte de réception (1 demande en attente)" in html
    assert 'data-testid="nav-waiting-total">1<' in html


def test_the_header_costs_one_query_for_a_member_and_none_for_a_visitor(client, lab, lab_member):
    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    # The legal pages read nothing: whatever runs there is the header's (and the session).
    assert count("/mentions-legales/") == []
    client.force_login(lab_member)
    RequestFactory(submitted=True, lab=lab)
    signed_in = count("/mentions-legales/")
    # session, user, the header's labs with their waiting requests
    assert len(signed_in) == 3
    RequestFactory.create_batch(5, submitted=True, lab=lab)
    assert len(count("/mentions-legales/")) == 3


def test_agents_and_visitors_have_no_lab_menu(client, agent):
    assert "Mon laboratoire" not in _html(client)
    client.force_login(agent)
    html = _html(client)
    assert "Mon laboratoire" not in html
    assert "Mes laboratoires" not in html


def test_the_coordinator_has_a_coordination_menu(client, coordinator):
    client.force_login(coordinator)
    html = _html(client)
    assert 'aria-controls="nav-coordination"' in html
    assert 'href="/evenements/campagnes/nouvelle/"' in html
    assert 'href="/evenements/nouvel-evenement/"' in html
    assert 'href="/evenements/propositions/"' in html


def test_the_footer_links_the_pages_a_public_site_must_have(client):
    html = _html(client)
    footer = html.split('<footer class="fr-footer"')[1]
    for href, label in [
        ("/accessibilite/", "Accessibilité : non conforme"),
        ("/mentions-legales/", "Mentions légales"),
        ("/donnees-personnelles/", "Données personnelles"),
        ("/plan-du-site/", "Plan du site"),
    ]:
        assert f'href="{href}">{label}</a>' in footer


def test_the_accessibility_statement(client):
    html = _html(client, "/accessibilite/")
    assert "LabNet est non conforme avec le référentiel général" in html
    assert "Contenus non accessibles" in html
    assert "mailto:contact@labnet.local" in html
    assert "Défenseur des droits" in html
    assert "Libre réponse 71120, 75342 Paris CEDEX 07" in html


def test_the_legal_notice_reads_publisher_and_host_from_settings(client, settings):
    settings.LABNET_LEGAL = {
        **settings.LABNET_LEGAL,
        "publisher": "Ministère de l'Exemple",
        "publication_director": "Claire Directrice",
        "host": "Hébergeur Souverain SAS",
        "host_address": "1 rue du Serveur, 59000 Lille",
    }
    html = _html(client, "/mentions-legales/")
    assert "Ministère de l&#x27;Exemple" in html
    assert "Claire Directrice" in html
    assert "Hébergeur Souverain SAS" in html
    assert "1 rue du Serveur, 59000 Lille" in html


def test_the_personal_data_page(client):
    html = _html(client, "/donnees-personnelles/")
    for text in ("Vos droits", "6.1.e", "/personnes/mes-donnees/", "CNIL", "Combien de temps"):
        assert text in html


def test_the_site_map_links_every_public_section(client):
    html = _html(client, "/plan-du-site/")
    for href in (
        "/laboratoires/",
        "/guichet/proposer/",
        "/evenements/",
        "/evenements/campagnes/",
        "/formations/",
        "/appels/",
        "/ressources/",
        "/personnes/",
        "/api/v1/docs/",
        "/accessibilite/",
        "/mentions-legales/",
        "/donnees-personnelles/",
    ):
        assert f'href="{href}"' in html, href


def test_the_footer_pages_exist_in_english(client):
    assert client.get("/en/accessibilite/").status_code == 200
    assert client.get("/en/plan-du-site/").status_code == 200
