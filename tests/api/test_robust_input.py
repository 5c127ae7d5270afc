"""Inputs that schemathesis found to be server errors are structured 4xx answers now; API
404s are JSON whatever the path; control characters are refused with a field message.
Also run on PostgreSQL (which refuses NUL in any text): DATABASE_URL=postgres://..."""

import pytest

from tests.factories import UserFactory
from tests.intake.helpers import sent_to
from tests.trainings.factories import CohortFactory, EnrolmentFactory

from .conftest import client_with_token

pytestmark = pytest.mark.django_db

NOT_FOUND = {"errors": [{"field": None, "message": "Non trouvé.", "code": "not_found"}]}


def control(code: str, position: int) -> str:
    return (
        f"Ce texte contient un caractère de contrôle non autorisé (U+{code}, position "
        f"{position}) : retirez-le, par exemple en retapant le texte."
    )


@pytest.mark.parametrize(
    "path",
    ["/api/v1/anything-unknown/", "/api/v1/labs/unknown/extra/", "/api/v1/v2/projects/"],
)
def test_an_unknown_api_route_is_a_json_404(api, path):
    response = api.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == NOT_FOUND


def test_a_missing_slash_still_redirects_and_pages_keep_their_html_404(client, db):
    assert client.get("/api/v1/labs").status_code == 301
    response = client.get("/une-page-qui-n-existe-pas/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "path", ["/api/v1/cohorts/abc/enrolments/", "/api/v1/enrolments/1e3/cancel/"]
)
def test_a_non_numeric_id_in_a_training_write_is_a_json_404(agent, path):
    CohortFactory()

    response = client_with_token(agent).post(path, {}, format="json")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_numeric_ids_still_work(agent):
    cohort = CohortFactory()
    api = client_with_token(agent)

    assert api.post(f"/api/v1/cohorts/{cohort.pk}/enrolments/").status_code == 201
    mine = EnrolmentFactory(user=agent)
    assert api.post(f"/api/v1/enrolments/{mine.pk}/cancel/").status_code in {200, 400}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("themes", ["open\x00data"], control("0000", 5)),
        ("lab", "inno\x00mandie", control("0000", 5)),
        ("title", "Accueil\x07", control("0007", 8)),
        ("problem", "Un\x85texte", control("0085", 3)),
    ],
)
def test_control_characters_in_a_new_request_are_refused_on_the_field(agent, field, value, message):
    response = client_with_token(agent).post(
        "/api/v1/requests/", {"title": "Accueil", field: value}, format="json"
    )

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["field"], error["message"], error["code"]) == (
        field,
        message,
        "control_character",
    )


def test_a_nul_in_the_lab_of_a_decision_is_refused_on_the_field(agent, lab, lab_member):
    request = sent_to(lab, author=agent)

    response = client_with_token(lab_member).post(
        f"/api/v1/requests/{request.public_id}/decisions/",
        {"version": request.version, "decision": "redirect", "lab": "lab\x00o", "reason": "r"},
        format="json",
    )

    assert response.status_code == 400
    assert {
        "field": "lab",
        "message": control("0000", 4),
        "code": "control_character",
    } in response.json()["errors"]


def test_line_breaks_and_tabs_stay_allowed(agent):
    response = client_with_token(agent).post(
        "/api/v1/requests/",
        {"title": "Accueil", "problem": "Ligne 1\r\nLigne 2\tfin"},
        format="json",
    )

    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    "value",
    ["0001-01-01T00:00:00+23:22", "9999-12-31T23:59:59-23:22"],
)
def test_a_date_pushed_out_of_range_by_its_offset_is_an_invalid_filter(api, db, value):
    response = api.get("/api/v1/sessions/", {"starts_after": value})

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "starts_after"
    assert error["message"].startswith("Date hors des limites")


def test_an_ordinary_offset_still_filters(api, db):
    response = api.get("/api/v1/sessions/", {"starts_after": "2026-01-01T00:00:00+23:22"})

    assert response.status_code == 200


def test_control_characters_in_credentials_are_refused_too(api, db):
    UserFactory(email="a@b.gouv.fr")

    response = api.post(
        "/api/v1/auth/token/", {"email": "a@b.gouv.fr", "password": "x\x00"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "password"


def test_a_right_to_left_override_is_refused_on_the_field(agent):
    response = client_with_token(agent).post(
        "/api/v1/requests/", {"title": "Accueil \u202egnol"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "title",
            "message": "Ce texte contient un caractère qui inverse le sens d'écriture (U+202E, "
            "position 9) : il pourrait faire lire un nom à l'envers ; retirez-le.",
            "code": "bidi_character",
        }
    ]


def test_a_million_characters_are_a_structured_400_naming_the_field(agent):
    response = client_with_token(agent).post(
        "/api/v1/requests/", {"title": "Accueil", "problem": "x" * 1_000_000}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "problem",
            "message": "Assurez-vous que ce champ comporte au plus 5000\xa0caractères.",
            "code": "max_length",
        }
    ]
