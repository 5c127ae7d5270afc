"""A token skips the second factor, so whoever has one (or must) gets a token only from a
session that entered its code (docs/adr/0044-input-tokens-and-second-factor.md)."""

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from labnet.accounts.api_tokens import api_token_create
from labnet.accounts.models import ApiToken, User
from tests.accounts.test_mfa import _enrol, _sign_in
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REFUSAL = (
    "Votre compte est protégé par la double authentification : créez ce jeton sur le site, "
    "page « Mes jetons d'API », après avoir saisi votre code."
)


@pytest.fixture(autouse=True)
def _required(settings):
    settings.LABNET_MFA_REQUIRED_FOR_STAFF = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def coordinator(db):
    return UserFactory(email="cora@modernisation.gouv.fr", coordinator=True)


def _password_token(email):
    return APIClient().post(
        "/api/v1/auth/token/", {"email": email, "password": PASSWORD}, format="json"
    )


def test_a_password_alone_gets_no_token_for_whoever_must_have_a_second_factor(coordinator):
    response = _password_token(coordinator.email)

    assert response.status_code == 403
    assert response.json() == {
        "errors": [{"field": None, "message": REFUSAL, "code": "permission_denied"}]
    }
    assert not ApiToken.objects.exists()


def test_nor_for_an_agent_who_enabled_one(agent):
    User.objects.filter(pk=agent.pk).update(mfa_enabled=True)

    assert _password_token(agent.email).status_code == 403
    assert not ApiToken.objects.exists()


def test_an_agent_without_a_second_factor_still_gets_one_by_password(agent):
    response = _password_token(agent.email)

    assert response.status_code == 200
    assert ApiToken.objects.filter(user=agent).count() == 1


def test_wrong_credentials_say_nothing_about_the_second_factor(coordinator):
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"email": coordinator.email, "password": "pas-le-bon"},
        format="json",
    )

    assert response.status_code == 400


def test_the_service_asks_the_caller_to_vouch_for_the_second_factor(coordinator):
    with pytest.raises(PermissionDenied) as refused:
        api_token_create(actor=coordinator, name="Tableau de bord")
    assert str(refused.value) == REFUSAL

    new = api_token_create(actor=coordinator, name="Tableau de bord", second_factor_verified=True)
    assert new.token.user == coordinator


def test_a_token_cannot_create_another_for_such_a_person(coordinator):
    key = api_token_create(actor=coordinator, name="Site", second_factor_verified=True).key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = client.post("/api/v1/auth/tokens/", {"name": "Autre"}, format="json")

    assert response.status_code == 403
    assert response.json()["errors"][0]["message"] == REFUSAL
    assert ApiToken.objects.count() == 1


def test_on_the_site_a_verified_session_creates_the_token(client, coordinator):
    _sign_in(client, coordinator)
    _enrol(client)  # enrolment verifies the session, as a code entered would

    response = client.post("/compte/jetons/", {"name": "Tableau de bord", "days": "30"})

    assert response.status_code == 200
    token = ApiToken.objects.get(user=coordinator)
    assert token.prefix in response.content.decode()


def test_a_verified_session_may_create_one_through_the_api_too(client, coordinator):
    _sign_in(client, coordinator)
    _enrol(client)

    response = client.post(
        "/api/v1/auth/tokens/", {"name": "Script"}, content_type="application/json"
    )

    assert response.status_code == 201
    assert ApiToken.objects.filter(user=coordinator, name="Script").count() == 1


def test_an_unverified_session_never_reaches_the_token_page(client, coordinator):
    _sign_in(client, coordinator)

    response = client.post("/compte/jetons/", {"name": "Tableau de bord", "days": "30"})

    assert response.status_code == 302
    assert response.url.startswith("/compte/double-authentification/activer/")
    assert not ApiToken.objects.exists()
