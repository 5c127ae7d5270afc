"""Impact pages: the team's indicators page, the public sheet, the survey, the lab page.
Every role is tried on every page; query counts do not grow with the indicators."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.impact.models import ImpactSurvey, Indicator, Measurement
from tests.factories import LabFactory

pytestmark = pytest.mark.django_db

URL = "/impact/projets/delais/indicateurs/"
ROLES = ["anonymous", "agent", "member", "lead", "partner", "other_lead", "coordinator"]
EXPECTED = {
    "anonymous": 302,
    "agent": 403,
    "other_lead": 403,
    "member": 200,
    "lead": 200,
    "partner": 200,
    "coordinator": 200,
}


def _as(client, roles, role):
    if role != "anonymous":
        client.force_login(roles[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_the_indicators_page_is_for_the_project_team(client, roles, indicator, role):
    response = _as(client, roles, role).get(URL)
    assert response.status_code == EXPECTED[role]
    if role == "anonymous":
        assert response["Location"].startswith("/compte/connexion/")
    if EXPECTED[role] == 403:
        assert "Seules les équipes des laboratoires du projet" in response.content.decode()
    edit = client.get(f"{URL}delais-moyen/")
    assert edit.status_code == EXPECTED[role]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_team_adds_indicators_and_values(client, roles, indicator, role):
    client = _as(client, roles, role)
    response = client.post(
        URL,
        {
            "indicator-name": "Dossiers",
            "indicator-unit": "dossiers",
            "indicator-direction": "increase",
            "indicator-target_value": "120",
        },
    )
    measured = client.post(
        f"{URL}delais-moyen/mesures/",
        {
            f"measurement-{indicator.pk}-value": "30",
            f"measurement-{indicator.pk}-measured_on": "2025-03-01",
            f"measurement-{indicator.pk}-source_text": "Tableau de bord",
        },
    )
    allowed = EXPECTED[role] == 200
    assert response.status_code == (302 if allowed else EXPECTED[role])
    assert measured.status_code == (302 if allowed else EXPECTED[role])
    assert Indicator.objects.count() == (2 if allowed else 1)
    assert Measurement.objects.count() == (1 if allowed else 0)


def test_a_private_project_is_not_found_for_outsiders(client, roles, indicator):
    roles["project"].is_public = False
    roles["project"].save()
    client.force_login(roles["agent"])
    assert client.get(URL).status_code == 404
    client.force_login(roles["partner"])
    assert client.get(URL).status_code == 200


def test_bad_input_keeps_what_was_typed_and_says_why_in_french(client, roles, indicator):
    client.force_login(roles["member"])
    response = client.post(
        f"{URL}delais-moyen/mesures/",
        {
            f"measurement-{indicator.pk}-value": "30,5",
            f"measurement-{indicator.pk}-measured_on": "2025-03-01",
            f"measurement-{indicator.pk}-comment": "Après la refonte du formulaire",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Indiquez d&#x27;où vient la valeur" in html
    assert "Après la refonte du formulaire" in html
    assert 'value="30,5"' in html
    assert not Measurement.objects.exists()


def test_a_recorded_value_shows_its_progress_on_the_public_sheet(client, roles, indicator):
    Indicator.objects.create(
        key="interne",
        project=roles["project"],
        name="Indicateur interne",
        unit="x",
        direction="increase",
    )
    client.force_login(roles["lead"])
    client.post(
        f"{URL}delais-moyen/mesures/",
        {
            f"measurement-{indicator.pk}-value": "30",
            f"measurement-{indicator.pk}-measured_on": "2025-03-01",
            f"measurement-{indicator.pk}-source_text": "Tableau de bord",
        },
    )
    client.logout()
    html = client.get("/projets/delais/").content.decode()
    assert "Délai moyen" in html
    assert '<progress class="labnet-progress" max="100" value="50.0"' in html
    assert "50 %" in html
    assert "Indicateur interne" not in html
    workspace = client
    workspace.force_login(roles["partner"])
    # The workspace's menu leads the team to the indicators' own page.
    page = workspace.get("/accompagnement/projets/delais/").content.decode()
    assert 'href="/impact/projets/delais/indicateurs/"' in page
    page = workspace.get("/impact/projets/delais/indicateurs/").content.decode()
    assert "Indicateur interne" in page


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _indicators(project, n, start=0):
    for i in range(start, start + n):
        indicator = Indicator.objects.create(
            key=f"i-{i}",
            project=project,
            name=f"I {i}",
            unit="x",
            direction="increase",
            baseline_value=0,
            target_value=10,
            is_public=True,
        )
        for day in (1, 2):
            Measurement.objects.create(
                indicator=indicator, value=day, measured_on=dt.date(2025, 1, day), source_text="t"
            )


@pytest.mark.parametrize("url", [URL, "/projets/delais/", "/accompagnement/projets/delais/"])
def test_query_counts_do_not_grow_with_indicators(client, roles, url):
    client.force_login(roles["lead"])
    _indicators(roles["project"], 1)
    one = _count(client, url)
    _indicators(roles["project"], 2, start=1)
    assert _count(client, url) == one


def test_the_survey_page_takes_one_answer(client, roles):
    survey = ImpactSurvey.objects.create(
        kind="project", project=roles["project"], lab=roles["lead_lab"], email="a@example.fr"
    )
    url = f"/impact/enquete/{survey.token}/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"would_have_advanced": "no", "what_changed": "Tout"})
    assert bad.status_code == 400
    assert "Choisissez votre satisfaction" in bad.content.decode()
    assert "Tout" in bad.content.decode()
    done = client.post(
        url, {"would_have_advanced": "no", "what_changed": "Tout", "satisfaction": "5"}
    )
    assert done.status_code == 200 and "Vos réponses sont enregistrées." in done.content.decode()
    again = client.get(url)
    assert "Vous avez déjà répondu" in again.content.decode()
    survey.refresh_from_db()
    assert (survey.would_have_advanced, survey.satisfaction) == ("no", 5)
    assert client.get("/impact/enquete/pas-un-jeton/").status_code == 404


def test_the_lab_page_shows_its_and_the_networks_figures(client, roles):
    other = LabFactory()
    for lab, without, satisfaction in [(roles["lead_lab"], "no", 4), (other, "yes", 2)]:
        ImpactSurvey.objects.create(
            kind="project",
            lab=lab,
            email="a@example.fr",
            answered_at="2025-01-01T00:00Z",
            would_have_advanced=without,
            satisfaction=satisfaction,
        )
    html = client.get("/laboratoires/lab-pilote/").content.decode()
    section = html[html.index('id="lab-impact"') :]
    assert "1 / 1" in section and "2 / 2" in section
    assert "100 % (1)" in section and "50 % (1)" in section
    assert Decimal("3") and "<td>4</td>" in section and "<td>3</td>" in section


def test_the_sheet_shows_the_latest_dated_value(client, roles, indicator):
    for value, day in [(35, dt.date(2025, 1, 1)), (25, dt.date(2025, 6, 1)), (30, None)]:
        Measurement.objects.create(
            indicator=indicator, value=value, measured_on=day, source_text="t"
        )
    html = client.get("/projets/delais/").content.decode()
    row = html[html.index("Délai moyen") :]
    assert "25 jours" in row[: row.index("</tr>")]
    assert 'value="75.0"' in row[: row.index("</tr>")]
