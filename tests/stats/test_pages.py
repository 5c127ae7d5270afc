"""The dashboards' pages, their CSV files, the bilan and /api/v1/stats/: French and
English, filters from a GET form, the same figures as the selectors, fixed query counts."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from labnet.figures.models import Qualifier, StatedFigure
from labnet.labs.enums import LabKind
from tests.events.factories import CampaignFactory, EventFactory
from tests.factories import LabFactory, ProjectFactory, RequestFactory, SourceFactory
from tests.funding.factories import AllocationFactory

from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # UTF-8 with the byte order mark spreadsheet software needs to read the accents.
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_national_dashboard_in_french_with_charts_tables_and_csv_links(client, world):
    response = client.get("/tableau-de-bord/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Le réseau en chiffres</h1>" in html
    assert 'id="table-projects-stage"' in html
    assert "<bar-chart" in html and "<pie-chart" in html
    # Chart data is JSON, never localised.
    assert 'y="[[1, 1, 1]]"' in html
    assert 'href="/tableau-de-bord/projects-stage.csv"' in html
    assert 'src="/static/vendor/dsfr-chart/DSFRChart.js"' in html
    assert "Ce que sont devenues les demandes" not in html


def test_the_chart_script_carries_the_pages_csp_nonce(client, world):
    response = client.get("/tableau-de-bord/")
    policy = response["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'type="module" src="/static/vendor/dsfr-chart/DSFRChart.js" nonce="{nonce}"' in (
        response.content.decode()
    )


def test_national_dashboard_in_english(client, world):
    html = client.get("/en/tableau-de-bord/").content.decode()
    assert '<html lang="en"' in html
    assert "The network in figures" in html
    assert "Projects by stage" in html
    assert 'href="/en/tableau-de-bord/projects-stage.csv"' in html


def test_filters_come_from_the_get_form_and_carry_to_the_csv_links(client, world):
    html = client.get("/tableau-de-bord/", {"annee": "2022", "region": "28"}).content.decode()
    assert '<option value="2022" selected>' in html
    assert '<option value="28" selected>' in html
    assert 'href="/tableau-de-bord/projects-stage.csv?annee=2022&amp;region=28"' in html
    # A value that means nothing is ignored, not a 500.
    assert client.get("/tableau-de-bord/", {"annee": "deux", "region": "=x"}).status_code == 200


def test_the_coordination_sees_the_internal_tables(client, world):
    client.force_login(world.coordinator)
    html = client.get("/tableau-de-bord/").content.decode()
    assert "Ce que sont devenues les demandes" in html
    assert 'id="internal-notice"' in html


def test_csv_of_a_table_is_utf8_with_plain_numbers(client, world):
    rows = _csv(client.get("/tableau-de-bord/funding-status.csv"))
    assert rows == [
        ["Statut", "Attributions", "Montants connus (€)", "Montants non indiqués", "Soutien (ETP)"],
        ["Engagée", "1", "10000", "0", "0"],
        ["Versée", "1", "0", "1", "0"],
    ]
    rows = _csv(client.get("/tableau-de-bord/requests-first-answer.csv"))
    assert rows[2] == ["Délai médian (heures)", "20"]
    assert rows[3] == ["90e centile (heures)", "28"]
    filtered = _csv(client.get("/tableau-de-bord/projects-stage.csv", {"region": "76"}))
    assert filtered[1:] == [["Déploiement", "1"], ["Non indiqué", "1"]]
    english = _csv(client.get("/en/tableau-de-bord/projects-stage.csv"))
    assert english[0] == ["Stage", "Projects"]


def test_csv_cells_cannot_run_as_formulas(client, world):
    LabFactory(key="formule", name='=HYPERLINK("http://x")', kind=LabKind.TERRITORIAL)
    taken = ProjectFactory(lead_lab=LabFactory(name="@SUM(1)"))
    ProjectFactory(scaled_from=taken)
    rows = _csv(client.get("/tableau-de-bord/reuses-lab.csv"))
    assert ["'@SUM(1)", "1"] in rows


def test_an_internal_table_is_no_file_for_the_public(client, world):
    assert client.get("/tableau-de-bord/requests-outcome.csv").status_code == 404
    assert client.get("/tableau-de-bord/nothing.csv").status_code == 404
    client.force_login(world.coordinator)
    assert client.get("/tableau-de-bord/requests-outcome.csv").status_code == 200


def test_lab_dashboard_is_linked_from_the_lab_page_and_shows_its_team_more(client, world):
    lab_page = client.get("/laboratoires/lab-n/").content.decode()
    assert 'href="/laboratoires/lab-n/tableau-de-bord/"' in lab_page
    public = client.get("/laboratoires/lab-n/tableau-de-bord/").content.decode()
    assert "Tableau de bord de Lab N" in public
    assert 'href="/api/v1/stats/?lab=lab-n"' in public
    assert "Ce que sont devenues les demandes" not in public
    client.force_login(world.member)
    team = client.get("/laboratoires/lab-n/tableau-de-bord/").content.decode()
    assert "Ce que sont devenues les demandes" in team
    rows = _csv(client.get("/laboratoires/lab-n/tableau-de-bord/projects-stage.csv"))
    assert rows[1:] == [["Cadrage", "1"], ["Test", "1"]]
    assert client.get("/laboratoires/nope/tableau-de-bord/").status_code == 404


def test_the_header_links_the_dashboard(client, world):
    html = client.get("/").content.decode()
    assert 'href="/tableau-de-bord/"' in html


def _grow(n):
    """n more of everything a dashboard counts (labs, projects, requests, events,
    allocations), each in its own group."""
    for _ in range(n):
        lab = LabFactory()
        ProjectFactory(lead_lab=lab, started_year=2022)
        RequestFactory(submitted=True, lab=lab)
        EventFactory(organiser_lab=lab, campaign=CampaignFactory())
        AllocationFactory(lab=lab)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/tableau-de-bord/",
        "/tableau-de-bord/?annee=2022&region=28",
        "/tableau-de-bord/funding-source.csv",
        "/bilan/",
        "/api/v1/stats/",
    ],
)
def test_query_count_does_not_grow_with_the_data(client, url):
    _grow(1)
    one = _queries(client, url)
    _grow(2)
    assert _queries(client, url) == one


def test_lab_dashboard_query_count_does_not_grow(client, world):
    client.force_login(world.coordinator)
    url = "/laboratoires/lab-n/tableau-de-bord/"
    ProjectFactory(lead_lab=world.lab_n)
    one = _queries(client, url)
    ProjectFactory.create_batch(2, lead_lab=world.lab_n)
    RequestFactory.create_batch(2, submitted=True, lab=world.lab_n)
    assert _queries(client, url) == one


def _stated(key, value, computed, qualifier=Qualifier.EXACT, **extra):
    return StatedFigure.objects.create(
        key=key,
        label_fr=f"Annoncé {key}",
        label_en=f"Stated {key}",
        value=value,
        unit=extra.pop("unit", "labs"),
        qualifier=qualifier,
        computed_figure=computed,
        source=SourceFactory(key=f"doc-{key}", title=f"Communiqué {key}"),
        **extra,
    )


def test_bilan_shows_each_computed_figure_beside_the_stated_ones_with_their_source(client, world):
    _stated("territoriaux", 1, "labs.territorial.count")  # lab N is the only territorial one
    _stated("projets", 200, "projects.accompanied.count", Qualifier.AT_LEAST, unit="projects")
    _stated("vip", 22, "", unit="workshops")
    html = client.get("/bilan/").content.decode()
    assert "<h1>Bilan à date</h1>" in html
    assert 'data-stated="territoriaux" data-verdict="agree"' in html
    assert 'data-stated="projets" data-verdict="differ"' in html
    assert "Communiqué territoriaux" in html
    assert "plus de 200" in html
    # The source's order: projects accompanied first, then the euros, then the labs.
    assert (
        html.index('data-computed="projects.accompanied.count"')
        < html.index('data-computed="funding.deployed_eur"')
        < html.index('data-computed="labs.territorial.count"')
    )
    # "The last Mois" says which one.
    assert "<span data-detail>Mois 2022</span>" in html
    # What LabNet does not count is listed, not hidden.
    assert 'data-stated="vip"' in html
    english = client.get("/en/bilan/").content.decode()
    assert "<h1>Current results</h1>" in english
    assert "Stated territoriaux" in english
    assert ">agree</p>" in english and ">differ</p>" in english


def test_api_gives_the_dashboards_figures_with_the_same_filters_and_rules(client, world):
    api = APIClient()
    body = api.get("/api/v1/stats/", {"region": "76"}).json()
    assert body["scope"] == {"lab": None, "year": None, "region": "76", "internal": False}
    tables = {t["key"]: t for s in body["sections"] for t in s["tables"]}
    assert tables["projects-stage"]["rows"] == [
        {"stage": "Déploiement", "projects": 1},
        {"stage": "Non indiqué", "projects": 1},
    ]
    funding = api.get("/api/v1/stats/").json()
    tables = {t["key"]: t for s in funding["sections"] for t in s["tables"]}
    assert tables["funding-status"]["rows"][0] == {
        "status": "Engagée",
        "allocations": 1,
        "amount_eur": "10000",
        "unknown_amounts": 0,
        "fte": "0",
    }
    assert "requests-outcome" not in tables
    api.force_authenticate(world.member)
    lab = api.get("/api/v1/stats/", {"lab": "lab-n"}).json()
    assert lab["scope"]["internal"] is True
    assert "requests-outcome" in {t["key"] for s in lab["sections"] for t in s["tables"]}


def test_api_refuses_bad_filters_field_by_field(world):
    response = APIClient().get("/api/v1/stats/", {"year": "x", "region": "99"})
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"year", "region"}
    assert APIClient().get("/api/v1/stats/", {"lab": "nope"}).status_code == 404


def test_api_root_lists_the_stats():
    assert "stats" in APIClient().get("/api/v1/").json()


def test_a_ranking_over_many_labs_shows_its_first_rows_and_the_csv_gives_all(client):
    from labnet.stats.selectors.reuses import PAGE_ROWS

    # Lab 00 has the most take-ups (two), then labs 01..21 one each: 22 labs in all.
    origins = [
        ProjectFactory(lead_lab=LabFactory(name=f"Lab {n:02}"), is_public=True) for n in range(22)
    ]
    for origin in [origins[0], *origins]:
        ProjectFactory(scaled_from=origin, is_public=True)
    html = client.get("/tableau-de-bord/").content.decode()
    table = html.split('id="table-reuses-lab"')[1].split("</table>")[0]
    assert table.count('<th scope="row"') == PAGE_ROWS == 20
    assert "Lab 00" in table and "Lab 19" in table and "Lab 20" not in table
    assert (
        "Le tableau et le graphique montrent les 20 premières lignes sur 22 ; "
        "le fichier CSV les contient toutes." in html
    )
    # The chart draws the same 20 rows; the section's figure counts every take-up.
    chart = html.split('data-chart="reuses-lab"')[1].split("</bar-chart>")[0]
    assert chart.count("Lab ") == 20
    rows = _csv(client.get("/tableau-de-bord/reuses-lab.csv"))
    assert len(rows) == 1 + 22 and rows[1] == ["Lab 00", "2"] and rows[-1] == ["Lab 21", "1"]
    english = client.get("/en/tableau-de-bord/").content.decode()
    assert "The table and the chart show the first 20 rows of 22" in english
