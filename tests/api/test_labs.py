"""The lab directory: exact payloads, every filter, read-only."""

import pytest

from .conftest import client_with_token, keys

pytestmark = pytest.mark.django_db

INNOVMANDIE = {
    "key": "innovmandie",
    "name": "Innov'mandie",
    "kind": "territorial",
    "status": "active",
    "closed_on": None,
    "host": {"key": "prefecture-normandie", "name": "Préfecture de la région Normandie"},
    "region": {"code": "28", "name": "Normandie"},
    "departments": ["14", "27"],
    "founded_year": 2019,
    "is_itinerant": True,
    "networks": ["territorial_network"],
    "missions": ["accompaniment", "training"],
    "themes": [
        {"key": "accueil", "name": "Accueil des usagers"},
        {"key": "sante", "name": "Santé"},
    ],
    "summary": "Le laboratoire d'innovation territoriale de la préfecture.",
    "email": "innovmandie@normandie.gouv.fr",
    "website": "https://innovmandie.fr",
    "team_fte": 2.5,
    "source": "annuaire-2024",
    "url": "http://testserver/laboratoires/innovmandie/",
    "api_url": "http://testserver/api/v1/labs/innovmandie/",
}
MINISTRY_LAB = {
    "key": "lab-ministere",
    "name": "Lab du ministère",
    "kind": "ministry",
    "status": "active",
    "closed_on": None,
    "host": None,
    "region": None,
    "departments": [],
    "founded_year": 2021,
    "is_itinerant": None,
    "networks": [],
    "missions": [],
    "themes": [],
    "summary": "",
    # Unknown e-mail and URL are null: "" would break their documented formats.
    "email": None,
    "website": None,
    "team_fte": None,
    "source": None,
    "url": "http://testserver/laboratoires/lab-ministere/",
    "api_url": "http://testserver/api/v1/labs/lab-ministere/",
}


def test_lab_list_is_ordered_by_name_with_every_field(api, directory):
    response = api.get("/api/v1/labs/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [lab["key"] for lab in body["results"]] == ["innovmandie", "karulab", "lab-ministere"]
    assert body["results"][0] == INNOVMANDIE
    assert body["results"][2] == MINISTRY_LAB


def test_lab_detail_by_key(api, directory):
    response = api.get("/api/v1/labs/innovmandie/")

    assert response.status_code == 200
    assert response.json() == INNOVMANDIE


def test_unknown_lab_is_404(api, directory):
    assert api.get("/api/v1/labs/nope/").status_code == 404


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "01"}, ["karulab"]),
        ({"region": "28"}, ["innovmandie"]),
        ({"kind": "hospital"}, ["karulab"]),
        ({"kind": "ministry"}, ["lab-ministere"]),
        ({"host": "prefecture-normandie"}, ["innovmandie"]),
        ({"theme": "sante"}, ["innovmandie", "karulab"]),
        ({"theme": "accueil"}, ["innovmandie"]),
        ({"status": "in_preparation"}, ["karulab"]),
        ({"q": "hospitalier"}, ["karulab"]),  # summary
        ({"q": "NORMANDIE"}, ["innovmandie"]),  # host and region names, any case
        ({"q": "ministère"}, ["lab-ministere"]),  # name
        ({"theme": "sante", "region": "01"}, ["karulab"]),
        ({"theme": "inconnu"}, []),
    ],
)
def test_lab_filters(api, directory, params, expected):
    assert keys(api.get("/api/v1/labs/", params)) == expected


def test_invalid_lab_kind_is_a_structured_400(api, directory):
    response = api.get("/api/v1/labs/", {"kind": "spatial"})

    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("kind", "invalid_choice")
    ]


def test_anonymous_write_is_a_structured_401(api, directory):
    response = api.post("/api/v1/labs/", {"key": "nouveau", "name": "Nouveau"}, format="json")

    assert response.status_code == 401
    assert response.json() == {
        "errors": [
            {
                "field": None,
                "message": "Informations d'authentification non fournies.",
                "code": "not_authenticated",
            }
        ]
    }


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/v1/labs/"),
        ("put", "/api/v1/labs/innovmandie/"),
        ("patch", "/api/v1/labs/innovmandie/"),
        ("delete", "/api/v1/labs/innovmandie/"),
        ("post", "/api/v1/projects/"),
        ("delete", "/api/v1/projects/guichet-unique/"),
    ],
)
def test_authenticated_write_is_a_structured_405(directory, method, url):
    client = client_with_token(directory.member)

    response = getattr(client, method)(url, {"name": "Renommé"}, format="json")

    assert response.status_code == 405
    [error] = response.json()["errors"]
    assert error["field"] is None
    assert error["code"] == "method_not_allowed"
    assert method.upper() in error["message"]
    directory.innovmandie.refresh_from_db()
    assert directory.innovmandie.name == "Innov'mandie"
