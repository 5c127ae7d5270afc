"""Projects: exact payloads, filters, and who sees which project (and which links)."""

import pytest

from tests.factories import ProjectFactory

from .conftest import client_with_token, keys

pytestmark = pytest.mark.django_db

GUICHET_FOR_ANONYMOUS = {
    "key": "guichet-unique",
    "title": "Guichet unique des aides",
    "lead_lab": {"key": "innovmandie", "name": "Innov'mandie"},
    "partner_labs": ["karulab", "lab-ministere"],
    "organisations": ["prefecture-normandie", "sgar-normandie"],
    "region": {"code": "28", "name": "Normandie"},
    "departments": ["27"],
    "stage": "prototyping",
    "status": "active",
    "themes": [{"key": "accueil", "name": "Accueil des usagers"}],
    "objective": "Un seul guichet pour les aides aux entreprises.",
    "approach": "Immersion dans trois sous-préfectures.",
    "results": "Un prototype testé par vingt usagers.",
    "started_year": 2022,
    "scaled_from": None,
    # brouillon-innovmandie reuses it too, but is unpublished: anonymous callers never see it.
    "reuses": ["guichet-guadeloupe"],
    "is_public": True,
    "source": "annuaire-2024",
    "url": "http://testserver/projets/guichet-unique/",
    "api_url": "http://testserver/api/v1/projects/guichet-unique/",
}
PUBLIC = ["guichet-unique", "guichet-guadeloupe"]  # in title order
MEMBER_VISIBLE = [  # innovmandie's team: its own draft, and the draft it is a partner of
    "brouillon-innovmandie",
    "guichet-unique",
    "guichet-guadeloupe",
    "brouillon-partenariat",
]
ALL = [*MEMBER_VISIBLE, "brouillon-karulab"]


def test_project_detail_exact_payload(api, directory):
    response = api.get("/api/v1/projects/guichet-unique/")

    assert response.status_code == 200
    assert response.json() == GUICHET_FOR_ANONYMOUS


def test_project_list_rows_equal_details(api, directory):
    body = api.get("/api/v1/projects/").json()

    assert body["count"] == 2
    assert body["results"][0] == GUICHET_FOR_ANONYMOUS
    assert body["results"][1] == api.get("/api/v1/projects/guichet-guadeloupe/").json()
    assert body["results"][1]["scaled_from"] == "guichet-unique"
    assert body["results"][1]["status"] == "paused"


def test_anonymous_sees_only_public_projects(api, directory):
    assert keys(api.get("/api/v1/projects/")) == PUBLIC


def test_member_with_token_sees_their_labs_unpublished_projects_only(directory):
    client = client_with_token(directory.member)

    assert keys(client.get("/api/v1/projects/")) == MEMBER_VISIBLE
    assert client.get("/api/v1/projects/brouillon-innovmandie/").json()["is_public"] is False
    assert client.get("/api/v1/projects/brouillon-partenariat/").status_code == 200
    assert client.get("/api/v1/projects/brouillon-karulab/").status_code == 404


def test_member_sees_their_draft_among_the_reuses(directory):
    client = client_with_token(directory.member)

    response = client.get("/api/v1/projects/guichet-unique/")

    assert response.json()["reuses"] == ["brouillon-innovmandie", "guichet-guadeloupe"]


def test_coordinator_sees_every_project(directory):
    client = client_with_token(directory.coordinator)

    assert keys(client.get("/api/v1/projects/")) == ALL
    assert client.get("/api/v1/projects/brouillon-karulab/").status_code == 200


def test_session_authentication_gives_the_same_visibility(api, directory):
    api.force_login(directory.member)

    assert keys(api.get("/api/v1/projects/")) == MEMBER_VISIBLE


@pytest.mark.parametrize("key", ["brouillon-innovmandie", "brouillon-karulab"])
def test_unpublished_project_detail_is_404_for_anonymous(api, directory, key):
    response = api.get(f"/api/v1/projects/{key}/")

    assert response.status_code == 404
    assert response.json() == {
        "errors": [{"field": None, "message": "Non trouvé.", "code": "not_found"}]
    }


def test_unpublished_origin_is_not_named_by_a_public_project(api, directory):
    ProjectFactory(key="reprise", title="Reprise", scaled_from=directory.draft_karulab)

    assert api.get("/api/v1/projects/reprise/").json()["scaled_from"] is None
    coordinator = client_with_token(directory.coordinator)
    assert coordinator.get("/api/v1/projects/reprise/").json()["scaled_from"] == (
        "brouillon-karulab"
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # lead or partner; guichet-unique has two partners and still comes once
        ({"lab": "innovmandie"}, ["guichet-unique"]),
        ({"lab": "karulab"}, ["guichet-unique", "guichet-guadeloupe"]),
        ({"lab": "lab-ministere"}, ["guichet-unique"]),
        ({"region": "01"}, ["guichet-guadeloupe"]),
        ({"stage": "prototyping"}, ["guichet-unique"]),
        ({"status": "paused"}, ["guichet-guadeloupe"]),
        ({"theme": "accueil"}, PUBLIC),
        ({"theme": "sante"}, []),
        ({"q": "guadeloupe"}, ["guichet-guadeloupe"]),  # title
        ({"q": "PROTOTYPE"}, ["guichet-unique"]),  # results, any case
        ({"q": "entreprises"}, ["guichet-unique"]),  # objective
    ],
)
def test_project_filters_for_anonymous(api, directory, params, expected):
    assert keys(api.get("/api/v1/projects/", params)) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"lab": "innovmandie"},
            ["brouillon-innovmandie", "guichet-unique", "brouillon-partenariat"],
        ),
        ({"lab": "karulab"}, ["guichet-unique", "guichet-guadeloupe", "brouillon-partenariat"]),
        ({"stage": "framing"}, ["brouillon-innovmandie", "brouillon-partenariat"]),
    ],
)
def test_project_filters_stay_within_what_a_member_sees(directory, params, expected):
    client = client_with_token(directory.member)

    assert keys(client.get("/api/v1/projects/", params)) == expected


def test_filters_on_the_coordinator_view(directory):
    client = client_with_token(directory.coordinator)

    assert keys(client.get("/api/v1/projects/", {"theme": "sante"})) == ["brouillon-karulab"]
    assert keys(client.get("/api/v1/projects/", {"lab": "karulab", "stage": "framing"})) == [
        "brouillon-partenariat",
        "brouillon-karulab",
    ]


def test_invalid_stage_is_a_structured_400(api, directory):
    response = api.get("/api/v1/projects/", {"stage": "fini"})

    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("stage", "invalid_choice")
    ]
