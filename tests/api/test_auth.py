"""Token sign-in with e-mail and password, /auth/me/, and the token's throttle."""

import pytest
from rest_framework.test import APIClient

from labnet.accounts.api_tokens import key_hash
from labnet.accounts.models import ApiToken
from labnet.core.models import AuditEntry
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, UserFactory

from .conftest import keys

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
WRONG_CREDENTIALS = {
    "errors": [
        {
            "field": None,
            "message": "Adresse électronique ou mot de passe incorrect.",
            "code": "authorization",
        }
    ]
}


def test_good_credentials_give_a_token_that_authenticates(api, directory):
    MembershipFactory(lab=directory.karulab, user=directory.member, lead=True)

    response = api.post(
        TOKEN_URL, {"email": "martin@normandie.gouv.fr", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    token = ApiToken.objects.get(user=directory.member)
    assert body["token"].startswith(token.prefix + "_")
    assert (body["id"], body["name"], body["prefix"], body["is_active"]) == (
        token.pk,
        "API",
        token.prefix,
        True,
    )
    # Only the hash is stored: the key itself is nowhere in the row.
    assert token.key_hash == key_hash(body["token"])
    assert body["token"] not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    me = client.get("/api/v1/auth/me/")
    assert me.status_code == 200
    assert me.json() == {
        "email": "martin@normandie.gouv.fr",
        "full_name": "Martin Membre",
        "is_coordinator": False,
        "memberships": [
            {"lab": "innovmandie", "role": "member"},
            {"lab": "karulab", "role": "lead"},
        ],
    }
    # ...and makes the holder's labs' unpublished projects visible.
    assert "brouillon-innovmandie" in keys(client.get("/api/v1/projects/"))


def test_each_sign_in_creates_a_new_named_token_audited_without_its_key(api, directory):
    credentials = {"email": "martin@normandie.gouv.fr", "password": PASSWORD}

    first = api.post(TOKEN_URL, credentials, format="json").json()["token"]
    second = api.post(TOKEN_URL, {**credentials, "name": "Mon script"}, format="json").json()

    assert first != second["token"] and second["name"] == "Mon script"
    assert ApiToken.objects.filter(user=directory.member).count() == 2
    entries = AuditEntry.objects.filter(action="accounts.api_token_create").order_by("id")
    assert [(e.actor, e.channel, e.target_type) for e in entries] == [
        (directory.member, "api", "accounts.apitoken")
    ] * 2
    for entry in entries:
        assert first not in entry.target_repr + str(entry.changes)
        assert second["token"] not in entry.target_repr + str(entry.changes)


def test_email_case_does_not_matter(api, directory):
    response = api.post(
        TOKEN_URL, {"email": "Martin@Normandie.gouv.fr", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200


def test_form_encoded_credentials_work_too(api, directory):
    response = api.post(TOKEN_URL, {"email": "cora@modernisation.gouv.fr", "password": PASSWORD})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "credentials",
    [
        {"email": "martin@normandie.gouv.fr", "password": "mauvais-mot-de-passe"},
        {"email": "inconnu@normandie.gouv.fr", "password": PASSWORD},
    ],
)
def test_wrong_credentials_are_a_structured_400_in_french(api, directory, credentials):
    response = api.post(TOKEN_URL, credentials, format="json")

    assert response.status_code == 400
    assert response.json() == WRONG_CREDENTIALS
    assert not ApiToken.objects.exists()


def test_inactive_account_gets_no_token(api, db):
    UserFactory(email="parti@normandie.gouv.fr", is_active=False)

    response = api.post(
        TOKEN_URL, {"email": "parti@normandie.gouv.fr", "password": PASSWORD}, format="json"
    )

    assert response.json() == WRONG_CREDENTIALS


def test_missing_fields_are_reported_per_field(api, db):
    response = api.post(TOKEN_URL, {"email": "pas-une-adresse"}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": "email",
                "message": "Saisissez une adresse e-mail valide.",
                "code": "invalid",
            },
            {"field": "password", "message": "Ce champ est obligatoire.", "code": "required"},
        ]
    }


def test_token_endpoint_ignores_a_session_cookie_without_csrf(directory):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(directory.member)

    response = client.post(
        TOKEN_URL, {"email": "martin@normandie.gouv.fr", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200


def test_token_endpoint_is_throttled_at_ten_a_minute(api, db):
    bad = {"email": "x@example.gouv.fr", "password": "non"}

    statuses = [api.post(TOKEN_URL, bad, format="json").status_code for _ in range(10)]
    response = api.post(TOKEN_URL, bad, format="json")

    # The tenth failure also locks the address out (django-axes, LABNET_LOCKOUT_FAILURES):
    # it is answered 429 with the lockout message; the eleventh is the throttle's.
    assert statuses == [400] * 9 + [429]
    assert response.status_code == 429
    [error] = response.json()["errors"]
    assert (error["field"], error["code"]) == (None, "throttled")
    assert int(response["Retry-After"]) > 0


def test_me_requires_authentication(api, db):
    response = api.get("/api/v1/auth/me/")

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"


def test_bad_token_is_a_structured_401(api, db):
    api.credentials(HTTP_AUTHORIZATION="Token 0000")

    response = api.get("/api/v1/projects/")

    assert response.status_code == 401
    assert response.json() == {
        "errors": [{"field": None, "message": "Jeton non valide.", "code": "authentication_failed"}]
    }


def test_me_for_a_coordinator(directory):
    client = APIClient()
    client.force_login(directory.coordinator)

    assert client.get("/api/v1/auth/me/").json() == {
        "email": "cora@modernisation.gouv.fr",
        "full_name": "Cora Coordination",
        "is_coordinator": True,
        "memberships": [],
    }
