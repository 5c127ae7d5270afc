# ruff: noqa: F811  (fixtures imported from the impact and roadmaps conftests)
"""API v1 of impact and roadmaps: every route and role, structured French errors, writes
with tokens, query counts that do not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from labnet.core.models import AuditEntry
from labnet.impact.models import Indicator, Measurement
from tests.api.conftest import client_with_token
from tests.impact.conftest import indicator, roles  # noqa: F401
from tests.roadmaps.conftest import add_items, people, roadmap  # noqa: F401

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "agent", "member", "lead", "partner", "other_lead", "coordinator"]
TEAM = {"member", "lead", "partner", "coordinator"}


def _client(roles, role):
    return APIClient() if role == "anonymous" else client_with_token(roles[role])


@pytest.fixture
def internal(roles):
    return Indicator.objects.create(
        key="interne", project=roles["project"], name="Interne", unit="x", direction="increase"
    )


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_public_indicators_to_all_and_every_one_to_the_team(
    roles, indicator, internal, role
):
    response = _client(roles, role).get("/api/v1/indicators/", {"project": "delais"})
    assert response.status_code == 200
    keys = sorted(row["key"] for row in response.json()["results"])
    assert keys == (["delais-moyen", "interne"] if role in TEAM else ["delais-moyen"])
    detail = _client(roles, role).get("/api/v1/indicators/interne/")
    assert detail.status_code == (200 if role in TEAM else 404)


def test_a_private_projects_indicators_are_hidden_from_outsiders(roles, indicator):
    roles["project"].is_public = False
    roles["project"].save()
    assert APIClient().get("/api/v1/indicators/").json()["results"] == []
    assert APIClient().get("/api/v1/indicators/delais-moyen/").status_code == 404
    team = client_with_token(roles["partner"]).get("/api/v1/indicators/", {"lab": "lab-pilote"})
    assert [r["key"] for r in team.json()["results"]] == ["delais-moyen"]


def test_an_indicator_reads_with_its_values_and_progress(roles, indicator):
    Measurement.objects.create(
        indicator=indicator, value=30, measured_on="2025-01-01", source_text="t"
    )
    data = APIClient().get("/api/v1/indicators/delais-moyen/").json()
    assert data["project"] == "delais"
    assert data["baseline_value"] == "40.0000" and data["target_value"] == "20.0000"
    assert data["current_value"] == "30.0000"
    assert data["progress"] == {
        "percent": "50.0",
        "computable": True,
        "reason": "",
        "on_track": False,
    }
    assert [m["value"] for m in data["measurements"]] == ["30.0000"]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_team_records_a_value_with_a_token(roles, indicator, role):
    body = {"value": "25", "measured_on": "2025-02-01", "source_text": "Tableau de bord"}
    response = _client(roles, role).post(
        "/api/v1/indicators/delais-moyen/measurements/", body, format="json"
    )
    expected = {"anonymous": 401, "agent": 403, "other_lead": 403}.get(role, 201)
    assert response.status_code == expected
    assert Measurement.objects.count() == (1 if expected == 201 else 0)
    if expected == 201:
        assert response.json()["value"] == "25.0000"
        entry = AuditEntry.objects.get(action="impact.measurement_record")
        assert entry.channel == AuditEntry.Channel.API


def test_a_bad_value_is_a_structured_french_400(roles, indicator):
    client = client_with_token(roles["lead"])
    response = client.post(
        "/api/v1/indicators/delais-moyen/measurements/",
        {"value": "25", "measured_on": "2025-02-01"},
        format="json",
    )
    assert response.status_code == 400
    (problem,) = response.json()["errors"]
    assert problem["field"] == "source_text"
    assert problem["message"].startswith("Indiquez d'où vient la valeur")
    bad = client.post(
        "/api/v1/indicators/delais-moyen/measurements/",
        {"value": "beaucoup", "measured_on": "hier"},
        format="json",
    )
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} == {"value", "measured_on"}


INDICATOR_BODY = {
    "project": "delais",
    "name": "Dossiers traités par mois",
    "unit": "dossiers",
    "direction": "increase",
    "baseline_value": "120",
    "baseline_on": "2024-01-01",
    "target_value": "180,5",
    "target_on": "2025-12-31",
    "is_public": True,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_team_creates_an_indicator_with_a_token(roles, role):
    response = _client(roles, role).post("/api/v1/indicators/", INDICATOR_BODY, format="json")
    expected = {"anonymous": 401, "agent": 403, "other_lead": 403}.get(role, 201)
    assert response.status_code == expected, response.content
    assert Indicator.objects.count() == (1 if expected == 201 else 0)
    if expected == 403:
        assert response.json()["errors"][0]["message"] == (
            "Seules les équipes des laboratoires du projet enregistrent ses indicateurs."
        )
    if expected == 201:
        data = response.json()
        assert (data["key"], data["project"]) == ("delais-dossiers-traites-par-mois", "delais")
        assert (data["baseline_value"], data["target_value"]) == ("120.0000", "180.5000")
        assert data["progress"]["reason"] == "aucune valeur mesurée"
        entry = AuditEntry.objects.get(action="impact.indicator_create")
        assert (entry.actor, entry.channel) == (roles[role], "api")
        # Then the team records its values on it, the same way.
        value = _client(roles, role).post(
            f"/api/v1/indicators/{data['key']}/measurements/",
            {"value": "150", "measured_on": "2025-01-01", "source_text": "Tableau de bord"},
            format="json",
        )
        assert value.status_code == 201
        reread = APIClient().get(f"/api/v1/indicators/{data['key']}/").json()
        assert reread["progress"]["percent"] == "49.6"


def test_a_bad_indicator_is_a_structured_french_400(roles):
    client = client_with_token(roles["lead"])
    response = client.post(
        "/api/v1/indicators/",
        {"project": "delais", "baseline_value": "beaucoup", "direction": "sideways"},
        format="json",
    )
    assert response.status_code == 400
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors == {
        "name": "Donnez un nom à l'indicateur, ex. « délai moyen de traitement ».",
        "unit": "Indiquez l'unité, ex. « jours », « % » ou « dossiers ».",
        "direction": "Choisissez si une valeur plus haute ou plus basse est mieux.",
        "baseline_value": "« beaucoup » n'est pas un nombre (ex. 12,5).",
    }
    unknown = client.post(
        "/api/v1/indicators/", INDICATOR_BODY | {"project": "inconnu"}, format="json"
    )
    assert unknown.status_code == 400
    assert unknown.json()["errors"] == [
        {
            "field": "project",
            "message": "Aucun projet que vous pouvez voir n'a la clé « inconnu ».",
            "code": "does_not_exist",
        }
    ]
    assert Indicator.objects.count() == 0


def test_the_team_corrects_a_value(roles, indicator):
    measurement = Measurement.objects.create(
        indicator=indicator, value=30, measured_on="2025-01-01", source_text="t"
    )
    url = f"/api/v1/indicators/delais-moyen/measurements/{measurement.pk}/"
    refused = client_with_token(roles["other_lead"]).patch(url, {"value": "1"}, format="json")
    assert refused.status_code == 403
    ok = client_with_token(roles["member"]).patch(url, {"value": "28.5"}, format="json")
    assert ok.status_code == 200 and ok.json()["value"] == "28.5000"
    assert (
        client_with_token(roles["member"])
        .patch(
            "/api/v1/indicators/delais-moyen/measurements/999999/", {"value": "1"}, format="json"
        )
        .status_code
        == 404
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_indicator_list_queries_do_not_grow(roles):
    def add(n, start):
        for i in range(start, start + n):
            ind = Indicator.objects.create(
                key=f"k-{i}",
                project=roles["project"],
                name="n",
                unit="u",
                direction="increase",
                is_public=True,
            )
            Measurement.objects.create(indicator=ind, value=i, source_text="t")

    client = client_with_token(roles["partner"])
    add(1, 0)
    one = _count(client, "/api/v1/indicators/")
    add(2, 1)
    assert _count(client, "/api/v1/indicators/") == one


ROADMAP_ROLES = ["anonymous", "agent", "member", "lead", "other_lead", "coordinator"]


@pytest.mark.parametrize("role", ROADMAP_ROLES)
def test_roadmaps_are_public_and_nested(people, roadmap, role):
    client = APIClient() if role == "anonymous" else client_with_token(people[role])
    listing = client.get("/api/v1/roadmaps/")
    assert listing.status_code == 200
    (row,) = listing.json()["results"]
    assert (row["key"], row["stated_project_count"], row["item_count"]) == ("cap-2030", 22, 1)
    detail = client.get("/api/v1/roadmaps/cap-2030/").json()
    assert (detail["stated_project_count"], detail["counted_item_count"]) == (22, 1)
    (axis,) = detail["axes"]
    assert axis["key"] == "axe-1" and axis["rollup"]["items"] == 1
    assert [i["key"] for g in axis["groups"] for i in g["items"]] == ["item-0"]
    assert client.get("/api/v1/roadmaps/inconnue/").status_code == 404
    assert client.post("/api/v1/roadmaps/", {}).status_code in (401, 403, 405)


def test_roadmap_detail_queries_do_not_grow(people, roadmap):
    group = roadmap.axes.get().groups.get()
    add_items(group, 1, start=10, project_lab=people["lab"])
    client = APIClient()
    one = _count(client, "/api/v1/roadmaps/cap-2030/")
    add_items(group, 2, start=20, project_lab=people["lab"])
    assert _count(client, "/api/v1/roadmaps/cap-2030/") == one
    detail = client.get("/api/v1/roadmaps/cap-2030/").json()
    assert detail["rollup"]["by_stage"] == {"prototyping": 3}
    assert detail["rollup"]["on_track"] == 3
