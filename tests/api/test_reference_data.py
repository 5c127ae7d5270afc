"""Regions, departments, organisations and themes: exact payloads and filters."""

import pytest

from .conftest import keys

pytestmark = pytest.mark.django_db

NORMANDIE = {"code": "28", "name": "Normandie"}
GUADELOUPE = {"code": "01", "name": "Guadeloupe"}


def test_region_list_is_ordered_by_code_with_department_codes(api, directory):
    response = api.get("/api/v1/regions/")

    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                "code": "01",
                "name": "Guadeloupe",
                "is_overseas": True,
                "timezone": "America/Guadeloupe",
                "departments": ["971"],
            },
            {
                "code": "28",
                "name": "Normandie",
                "is_overseas": False,
                "timezone": "Europe/Paris",
                "departments": ["14", "27"],
            },
        ],
    }


def test_region_detail_by_code(api, directory):
    response = api.get("/api/v1/regions/28/")

    assert response.status_code == 200
    assert response.json() == {
        "code": "28",
        "name": "Normandie",
        "is_overseas": False,
        "timezone": "Europe/Paris",
        "departments": ["14", "27"],
    }


def test_unknown_region_is_a_structured_404(api, directory):
    response = api.get("/api/v1/regions/99/")

    assert response.status_code == 404
    assert response.json() == {
        "errors": [{"field": None, "message": "Non trouvé.", "code": "not_found"}]
    }


def test_department_list_and_region_filter(api, directory):
    response = api.get("/api/v1/departments/")

    assert response.json()["results"] == [
        {"code": "14", "name": "Calvados", "region": NORMANDIE},
        {"code": "27", "name": "Eure", "region": NORMANDIE},
        {"code": "971", "name": "Guadeloupe", "region": GUADELOUPE},
    ]
    assert keys(api.get("/api/v1/departments/", {"region": "01"}), "code") == ["971"]
    assert keys(api.get("/api/v1/departments/", {"region": "28"}), "code") == ["14", "27"]


def test_department_detail_by_code(api, directory):
    response = api.get("/api/v1/departments/971/")

    assert response.json() == {"code": "971", "name": "Guadeloupe", "region": GUADELOUPE}


def test_organisation_list_fields(api, directory):
    response = api.get("/api/v1/organisations/")

    assert response.json()["results"] == [
        {
            "key": "chu-guadeloupe",
            "name": "Centre hospitalier universitaire de la Guadeloupe",
            "acronym": "",
            "kind": "hospital",
            "civil_service_side": "hospital",
            "region": GUADELOUPE,
            "parent": None,
            "website": None,
        },
        {
            "key": "prefecture-normandie",
            "name": "Préfecture de la région Normandie",
            "acronym": "PREF",
            "kind": "prefecture",
            "civil_service_side": "state",
            "region": NORMANDIE,
            "parent": None,
            "website": "https://www.prefectures-regions.gouv.fr/normandie",
        },
        {
            "key": "sgar-normandie",
            "name": "Secrétariat général pour les affaires régionales de Normandie",
            "acronym": "SGAR",
            "kind": "deconcentrated_service",
            "civil_service_side": "state",
            "region": NORMANDIE,
            "parent": "prefecture-normandie",
            "website": None,
        },
    ]


def test_organisation_detail_by_key(api, directory):
    response = api.get("/api/v1/organisations/sgar-normandie/")

    assert response.status_code == 200
    assert response.json()["parent"] == "prefecture-normandie"
    assert response.json()["region"] == NORMANDIE


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "hospital"}, ["chu-guadeloupe"]),
        ({"civil_service_side": "state"}, ["prefecture-normandie", "sgar-normandie"]),
        ({"region": "28"}, ["prefecture-normandie", "sgar-normandie"]),
        ({"region": "01", "kind": "prefecture"}, []),
        ({"q": "sgar"}, ["sgar-normandie"]),  # acronym
        ({"q": "HOSPITALIER"}, ["chu-guadeloupe"]),  # name, any case
    ],
)
def test_organisation_filters(api, directory, params, expected):
    assert keys(api.get("/api/v1/organisations/", params)) == expected


def test_invalid_choice_filter_is_a_structured_400(api, directory):
    response = api.get("/api/v1/organisations/", {"kind": "ministere"})

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "kind"
    assert error["code"] == "invalid_choice"
    assert "ministere" in error["message"]


def test_theme_list_and_detail(api, directory):
    response = api.get("/api/v1/themes/")

    assert response.json()["results"] == [
        {"key": "accueil", "name": "Accueil des usagers", "name_en": "Reception"},
        {"key": "sante", "name": "Santé", "name_en": "Health"},
    ]
    assert api.get("/api/v1/themes/sante/").json() == {
        "key": "sante",
        "name": "Santé",
        "name_en": "Health",
    }


def test_pagination_with_page_size(api, directory):
    first = api.get("/api/v1/organisations/", {"page_size": 2}).json()
    second = api.get("/api/v1/organisations/", {"page_size": 2, "page": 2}).json()

    assert first["count"] == 3
    assert [o["key"] for o in first["results"]] == ["chu-guadeloupe", "prefecture-normandie"]
    assert first["next"] == "http://testserver/api/v1/organisations/?page=2&page_size=2"
    assert [o["key"] for o in second["results"]] == ["sgar-normandie"]
    assert second["next"] is None


def test_page_out_of_range_is_a_structured_404(api, directory):
    response = api.get("/api/v1/organisations/", {"page": 9})

    assert response.status_code == 404
    [error] = response.json()["errors"]
    assert error["field"] is None
    assert error["code"] == "not_found"
