"""A post Django refuses before any view reads it (too large, too many fields) is a page of
the site in the reader's language that states the limit, or a structured API error."""

import pytest
from django.urls import reverse

from tests.api.conftest import client_with_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_limits(settings):
    # The real limit (2.5 MB) with a body to match would only make the test slow.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50


def test_a_too_large_post_is_a_french_page_stating_the_limit(client, lab, lab_lead):
    client.force_login(lab_lead)

    response = client.post(
        reverse("www:lab_edit", kwargs={"key": lab.key}),
        {"summary": "x" * 20_000, "first_answer_hours": "24"},
    )

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<h1>Envoi trop volumineux</h1>" in html
    assert (
        "Le texte envoyé est trop volumineux : 9,8\xa0Kio au plus par envoi, fichiers joints "
        "non compris."
    ) in html
    assert (
        "Revenez à la page précédente avec le bouton « Retour » de votre navigateur, qui garde "
        "en général ce que vous aviez saisi"
    ) in html
    assert 'lang="fr"' in html


def test_the_same_page_in_english_under_en(client, lab, lab_lead):
    client.force_login(lab_lead)

    response = client.post(
        "/en" + reverse("www:lab_edit", kwargs={"key": lab.key}),
        {"summary": "x" * 20_000, "first_answer_hours": "24"},
    )

    assert response.status_code == 413
    html = response.content.decode()
    assert "<h1>Submission too large</h1>" in html
    assert "The text sent is too large: 9.8\xa0KB at most per submission" in html
    assert 'lang="en"' in html


def test_too_many_fields_is_stated_too(client, lab, lab_lead):
    client.force_login(lab_lead)

    response = client.post(
        reverse("www:lab_edit", kwargs={"key": lab.key}),
        {f"field{n}": "x" for n in range(60)},
    )

    assert response.status_code == 413
    assert "Le formulaire envoyé compte trop de champs : 50 au plus." in response.content.decode()


def test_the_api_answers_a_structured_413_for_a_too_large_json_body(agent):
    response = client_with_token(agent).post(
        "/api/v1/requests/", {"title": "Accueil", "problem": "x" * 20_000}, format="json"
    )

    assert response.status_code == 413
    assert response.json() == {
        "errors": [
            {
                "field": None,
                "message": "Le texte envoyé est trop volumineux : 9,8\xa0Kio au plus par envoi, "
                "fichiers joints non compris.",
                "code": "too_large",
            }
        ]
    }


def test_the_api_answers_a_structured_413_for_a_too_large_form_body(client, agent):
    response = client_with_token(agent).post(
        "/api/v1/requests/", {"title": "Accueil", "problem": "x" * 20_000}
    )

    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "too_large"


def test_too_many_fields_in_an_api_form_body_is_a_structured_413(client):
    response = client.post("/api/v1/auth/token/", {f"field{n}": "x" for n in range(60)})

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"] == [
        {
            "field": None,
            "message": "Le formulaire envoyé compte trop de champs : 50 au plus.",
            "code": "too_large",
        }
    ]


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/api/v1/requests/", "application/json"), ("/guichet/proposer/", "text/html")],
)
def test_the_project_handler_answers_json_under_the_api_and_a_page_elsewhere(
    rf, path, content_type
):
    # What Django refuses before any view (a multipart body read by a middleware).
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import RequestDataTooBig

    from config.errors import bad_request

    request = rf.post(path)
    request.user = AnonymousUser()

    response = bad_request(request, RequestDataTooBig())

    assert response.status_code == 413
    assert response["Content-Type"].startswith(content_type)
    assert "9,8\xa0Kio au plus par envoi" in response.content.decode()
