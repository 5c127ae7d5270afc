"""Repeated failed sign-ins lock the account and the address out (django-axes), on the
site, the API's token endpoint and the Django admin, behind the configured proxies."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from labnet.accounts.lockout import lockout_message
from labnet.core.models import AuditEntry
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/compte/connexion/"
TOKEN_URL = "/api/v1/auth/token/"
MESSAGE = (
    "Trop de tentatives de connexion ont échoué : la connexion à ce compte ou depuis "
    "votre adresse réseau est bloquée pendant 15 minutes."
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, email, password, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def _signed_in(client) -> bool:
    return client.get(reverse("accounts:profile")).status_code == 200


def test_ten_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(client):
    user = UserFactory(email="agent@example.gouv.fr")

    statuses = [_login(client, user.email, "mauvais").status_code for _ in range(10)]
    eleventh = _login(client, user.email, PASSWORD)

    assert statuses == [200] * 9 + [429]
    assert eleventh.status_code == 429
    html = eleventh.content.decode()
    assert MESSAGE in html
    assert "<h1>Connexion bloquée</h1>" in html
    assert eleventh["Retry-After"] == "900"
    assert not _signed_in(client)
    # On the record: ten failures naming the account, and the lockout.
    failures = AuditEntry.objects.filter(action="accounts.sign_in_fail", target_id=str(user.pk))
    assert failures.count() == 11
    assert AuditEntry.objects.filter(action="accounts.lockout", target_id=str(user.pk)).exists()
    assert not AuditEntry.objects.filter(action="accounts.sign_in").exists()


def test_the_account_is_locked_whatever_address_the_attempts_come_from(client):
    user = UserFactory(email="agent@example.gouv.fr")
    for n in range(10):
        _login(client, user.email, "mauvais", REMOTE_ADDR=f"198.51.100.{n}")

    refused = _login(client, user.email, PASSWORD, REMOTE_ADDR="198.51.100.200")

    assert refused.status_code == 429
    assert not _signed_in(client)


def test_the_address_is_locked_whatever_accounts_it_tries(client):
    user = UserFactory(email="agent@example.gouv.fr")
    for n in range(10):
        _login(client, f"inconnu{n}@example.gouv.fr", "mauvais", REMOTE_ADDR="198.51.100.7")

    refused = _login(client, user.email, PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429
    assert not _signed_in(client)
    # From elsewhere, the same account signs in.
    accepted = _login(client, user.email, PASSWORD, REMOTE_ADDR="198.51.100.8")
    assert accepted.status_code == 302
    assert _signed_in(client)


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    user = UserFactory(email="agent@example.gouv.fr")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(10):
        # The client writes its own X-Forwarded-For; the proxy appends the real address.
        _login(
            client,
            f"inconnu{n}@example.gouv.fr",
            "mauvais",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5",
            **proxy,
        )

    spoofing = _login(
        client, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.5", **proxy
    )
    assert spoofing.status_code == 429
    other_client = _login(client, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy)
    assert other_client.status_code == 302


def test_the_lockout_ends_after_the_cool_off(client):
    user = UserFactory(email="agent@example.gouv.fr")
    for _ in range(10):
        _login(client, user.email, "mauvais")
    assert _login(client, user.email, PASSWORD).status_code == 429

    # Fourteen minutes later: still locked. Sixteen: the cool-off (15 min) is over.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=14)
    )
    assert _login(client, user.email, PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=2)
    )
    assert _login(client, user.email, PASSWORD).status_code == 302
    assert _signed_in(client)


def test_english_pages_give_the_message_in_english(client):
    user = UserFactory(email="agent@example.gouv.fr")
    for _ in range(10):
        client.post("/en/compte/connexion/", {"username": user.email, "password": "mauvais"})

    response = client.post("/en/compte/connexion/", {"username": user.email, "password": PASSWORD})

    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="en"' in html
    with translation.override("en"):
        assert lockout_message() in html.replace("&#x27;", "'")


def test_the_api_token_endpoint_is_locked_too_with_a_structured_error(db):
    user = UserFactory(email="agent@example.gouv.fr")
    api = APIClient()
    statuses = []
    for _ in range(10):
        statuses.append(
            api.post(
                TOKEN_URL, {"email": user.email, "password": "mauvais"}, format="json"
            ).status_code
        )
    cache.clear()  # the API's own throttle (10 a minute) is not what is tested here

    response = api.post(TOKEN_URL, {"email": user.email, "password": PASSWORD}, format="json")

    assert statuses == [400] * 9 + [429]
    assert response.status_code == 429
    [error] = response.json()["errors"]
    assert error["code"] == "locked_out" and error["field"] is None
    assert error["message"].startswith(MESSAGE)
    assert "token" not in response.json()
    entry = AuditEntry.objects.filter(action="accounts.lockout").first()
    assert entry.channel == AuditEntry.Channel.API


def test_the_admin_login_is_locked_too(client):
    admin = UserFactory(email="admin@example.gouv.fr", is_staff=True, is_superuser=True)
    url = "/admin/login/?next=/admin/"
    for _ in range(10):
        client.post(url, {"username": admin.email, "password": "mauvais"})

    response = client.post(url, {"username": admin.email, "password": PASSWORD})

    assert response.status_code == 429
    assert MESSAGE in response.content.decode()
    assert client.get("/admin/").status_code == 302
    assert AuditEntry.objects.filter(
        action="accounts.lockout", channel=AuditEntry.Channel.ADMIN
    ).exists()
