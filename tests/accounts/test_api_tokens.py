"""API tokens: hashed, named, expiring, listed and revoked by their owner, ended by a
password change, a reset or an erasure, never shown by the admin."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from labnet.accounts.api_tokens import (
    MAX_ACTIVE_TOKENS,
    api_token_create,
    api_token_revoke,
    key_hash,
)
from labnet.accounts.models import ApiToken
from labnet.core.models import AuditEntry
from labnet.people.personal_data.rights import account_erase
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKENS_URL = "/api/v1/auth/tokens/"


def _client(key=None) -> APIClient:
    client = APIClient()
    if key:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _me(key):
    return _client(key).get("/api/v1/auth/me/")


def _error(response):
    [error] = response.json()["errors"]
    return error["message"]


# --- storage ---------------------------------------------------------------------------------


def test_only_the_hash_is_stored_and_the_prefix_names_the_token(agent):
    new = api_token_create(actor=agent, name="Tableau de bord")

    token = ApiToken.objects.get()
    assert re.fullmatch(r"lnt_[0-9a-f]{8}_[-\w]{43}", new.key)
    assert token.prefix == new.key[:12]
    assert token.key_hash == key_hash(new.key) != new.key
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert new.key not in str(row)
    assert new.key[12:] not in str(row)


def test_default_expiry_is_the_setting_and_the_owner_may_choose_within_the_maximum(agent, settings):
    settings.LABNET_API_TOKEN_DAYS = 90
    before = timezone.now()
    default = api_token_create(actor=agent, name="a").token
    chosen = api_token_create(actor=agent, name="b", days=7).token

    assert before + timedelta(days=90) <= default.expires_at <= timezone.now() + timedelta(days=90)
    assert chosen.expires_at - chosen.created_at < timedelta(days=7, seconds=5)
    with pytest.raises(ValidationError) as error:
        api_token_create(actor=agent, name="c", days=366)
    assert error.value.message_dict == {
        "days": ["La durée doit être comprise entre 1 et 365 jours."]
    }
    with pytest.raises(ValidationError) as error:
        api_token_create(actor=agent, name="  ")
    assert error.value.message_dict == {"name": ["Donnez un nom au jeton."]}


def test_active_tokens_are_capped(agent):
    for i in range(MAX_ACTIVE_TOKENS):
        api_token_create(actor=agent, name=f"t{i}")

    with pytest.raises(ValidationError):
        api_token_create(actor=agent, name="de trop")
    api_token_revoke(actor=agent, token=ApiToken.objects.first())
    api_token_create(actor=agent, name="à la place")


# --- use, revocation, expiry --------------------------------------------------------------------


def test_an_active_token_authenticates_and_records_its_last_use(agent):
    new = api_token_create(actor=agent, name="script")

    assert _me(new.key).json()["email"] == agent.email
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_token_is_refused(agent):
    new = api_token_create(actor=agent, name="script")
    api_token_revoke(actor=agent, token=new.token)

    response = _me(new.key)

    assert response.status_code == 401
    assert _error(response) == "Ce jeton a été révoqué."
    entry = AuditEntry.objects.get(action="accounts.api_token_revoke")
    assert (entry.actor, entry.target_id, entry.changes["because"]) == (
        agent,
        str(new.token.pk),
        "owner",
    )


def test_an_expired_token_is_refused(agent):
    new = api_token_create(actor=agent, name="script", days=1)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = _me(new.key)

    assert response.status_code == 401
    assert _error(response) == "Ce jeton a expiré : créez-en un nouveau."


@pytest.mark.parametrize("key", ["0000", "lnt_00000000_" + "x" * 43])
def test_an_unknown_key_is_refused(db, key):
    response = _me(key)

    assert response.status_code == 401
    assert _error(response) == "Jeton non valide."


def test_the_token_of_a_deactivated_account_is_refused(agent):
    new = api_token_create(actor=agent, name="script")
    agent.is_active = False
    agent.save()

    assert _me(new.key).status_code == 401


def test_only_the_owner_or_an_administrator_revokes(agent, lab_lead, coordinator):
    token = api_token_create(actor=agent, name="script").token
    for other in (lab_lead, coordinator):
        with pytest.raises(PermissionDenied):
            api_token_revoke(actor=other, token=token)
    admin = UserFactory(is_staff=True, is_superuser=True)
    assert api_token_revoke(actor=admin, token=token).revoked_because == "admin"


# --- password change, reset, erasure ------------------------------------------------------------


def test_a_password_change_revokes_every_token(agent):
    keys = [api_token_create(actor=agent, name=f"t{i}").key for i in range(2)]
    other = UserFactory()
    other_key = api_token_create(actor=other, name="autre").key

    agent.set_password("un-tout-autre-mot-de-passe")
    agent.save()

    for key in keys:
        assert _me(key).status_code == 401
    assert set(ApiToken.objects.filter(user=agent).values_list("revoked_because", flat=True)) == {
        "password"
    }
    assert _me(other_key).status_code == 200
    entry = AuditEntry.objects.get(action="accounts.api_tokens_revoke_all")
    assert (entry.target_id, entry.changes) == (
        str(agent.pk),
        {"count": 2, "because": "password"},
    )


def test_saving_an_account_without_a_new_password_keeps_the_tokens(agent):
    key = api_token_create(actor=agent, name="script").key
    agent.full_name = "Agnès Renommée"
    agent.save()

    assert _me(key).status_code == 200


def test_a_password_reset_through_the_site_revokes_the_tokens(client, agent):
    key = api_token_create(actor=agent, name="script").key
    url = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(agent.pk)),
            "token": default_token_generator.make_token(agent),
        },
    )
    form_url = client.get(url, follow=True).redirect_chain[-1][0]
    new_password = "encore-un-mot-de-passe-42"

    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})

    assert response.status_code == 302
    assert _me(key).status_code == 401


def test_a_password_change_in_the_admin_revokes_the_tokens(client, agent):
    key = api_token_create(actor=agent, name="script").key
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    new_password = "encore-un-mot-de-passe-42"

    response = client.post(
        reverse("admin:auth_user_password_change", args=[agent.pk]),
        {"password1": new_password, "password2": new_password, "usable_password": "true"},
    )

    assert response.status_code == 302
    assert _me(key).status_code == 401


def test_erasure_removes_the_tokens(agent):
    agent.set_password(PASSWORD)
    agent.save()
    key = api_token_create(actor=agent, name="script").key

    account_erase(actor=agent, user=agent, confirmation=PASSWORD)

    assert not ApiToken.objects.filter(user=agent).exists()
    assert _me(key).status_code == 401


def test_the_personal_data_download_lists_the_tokens_without_keys(agent):
    new = api_token_create(actor=agent, name="script")
    key = api_token_create(actor=agent, name="lecture").key

    body = _client(key).get("/api/v1/me/personal-data/").json()

    assert [t["name"] for t in body["sections"]["api_tokens"]] == ["lecture", "script"]
    assert new.key not in str(body) and key not in str(body)


# --- the API routes ------------------------------------------------------------------------------


def test_api_lists_creates_and_revokes_the_callers_tokens(agent):
    first = api_token_create(actor=agent, name="premier")
    api = _client(first.key)

    created = api.post(TOKENS_URL, {"name": "second", "days": 30}, format="json")

    assert created.status_code == 201
    body = created.json()
    assert body["token"].startswith(body["prefix"] + "_") and body["name"] == "second"
    listed = api.get(TOKENS_URL).json()
    assert [t["name"] for t in listed] == ["second", "premier"]
    assert all("token" not in t and "key_hash" not in t for t in listed)

    assert api.delete(f"{TOKENS_URL}{body['id']}/").status_code == 204
    assert _me(body["token"]).status_code == 401
    assert _me(first.key).status_code == 200


def test_api_token_routes_by_role(agent, lab_lead):
    theirs = api_token_create(actor=lab_lead, name="le sien").token
    api = _client(api_token_create(actor=agent, name="mien").key)

    assert _client().get(TOKENS_URL).status_code == 401
    assert _client().post(TOKENS_URL, {"name": "x"}, format="json").status_code == 401
    assert _client().delete(f"{TOKENS_URL}{theirs.pk}/").status_code == 401
    # Another person's token is not found, and stays in use.
    assert api.delete(f"{TOKENS_URL}{theirs.pk}/").status_code == 404
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None
    assert [t["name"] for t in api.get(TOKENS_URL).json()] == ["mien"]


def test_api_token_creation_errors_are_structured(agent):
    api = _client(api_token_create(actor=agent, name="mien").key)

    response = api.post(TOKENS_URL, {"name": "x", "days": 1000}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": "days",
                "message": "La durée doit être comprise entre 1 et 365 jours.",
                "code": "invalid",
            }
        ]
    }


# --- the page ------------------------------------------------------------------------------------


def test_page_creates_a_token_shows_the_key_once_and_lists_it(client, agent):
    client.force_login(agent)

    response = client.post(reverse("accounts:tokens"), {"name": "Tableau de bord", "days": "30"})

    assert response.status_code == 200
    token = ApiToken.objects.get()
    [key] = re.findall(r"lnt_[0-9a-f]{8}_[-\w]{43}", response.content.decode())
    assert token.key_hash == key_hash(key)
    assert response["Cache-Control"].startswith("max-age=0")
    again = client.get(reverse("accounts:tokens")).content.decode()
    assert "Tableau de bord" in again and token.prefix in again and key not in again


def test_page_keeps_what_was_typed_on_error(client, agent):
    client.force_login(agent)

    response = client.post(reverse("accounts:tokens"), {"name": "Mon script", "days": "7"})

    assert response.status_code == 400
    assert 'value="Mon script"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_page_revokes_only_the_owners_token(client, agent, lab_lead):
    mine = api_token_create(actor=agent, name="mien").token
    theirs = api_token_create(actor=lab_lead, name="le sien").token
    client.force_login(agent)

    response = client.post(reverse("accounts:token_revoke", kwargs={"token_id": mine.pk}))
    refused = client.post(reverse("accounts:token_revoke", kwargs={"token_id": theirs.pk}))

    assert response.status_code == 302
    assert ApiToken.objects.get(pk=mine.pk).revoked_because == "owner"
    assert refused.status_code == 404
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None


@pytest.mark.parametrize("who", ["agent", "lab_member", "lab_lead", "coordinator"])
def test_page_shows_each_person_only_their_tokens(client, request, who, agent):
    user = request.getfixturevalue(who)
    other = UserFactory() if who == "agent" else agent
    api_token_create(actor=user, name="le mien")
    api_token_create(actor=other, name="pas le mien")
    client.force_login(user)

    body = client.get(reverse("accounts:tokens")).content.decode()

    assert "le mien" in body and "pas le mien" not in body


def test_page_requires_sign_in(client, db):
    response = client.get(reverse("accounts:tokens"))

    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    assert client.post(reverse("accounts:token_revoke", kwargs={"token_id": 1})).status_code == 302


# --- the admin -----------------------------------------------------------------------------------


def test_admin_shows_prefix_name_and_dates_never_a_key_or_its_hash(client, agent):
    new = api_token_create(actor=agent, name="Tableau de bord")
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    listing = client.get(reverse("admin:accounts_apitoken_changelist")).content.decode()
    detail = client.get(
        reverse("admin:accounts_apitoken_change", args=[new.token.pk])
    ).content.decode()

    for page in (listing, detail):
        assert new.token.prefix in page and "Tableau de bord" in page
        assert new.key not in page and new.token.key_hash not in page
    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403


def test_admin_revokes_selected_tokens(client, agent):
    token = api_token_create(actor=agent, name="script").token
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    token.refresh_from_db()
    assert token.revoked_because == "admin"
    assert AuditEntry.objects.get(action="accounts.api_token_revoke").channel == "admin"
