"""ProConnect sign-in and logout, end to end against a real OpenID provider on 127.0.0.1."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from labnet.accounts import proconnect as proconnect_module
from labnet.accounts.models import User
from labnet.core.models import AuditEntry
from tests.factories import OrganisationFactory, UserFactory
from tests.proconnect_provider import CLIENT_ID, CLIENT_SECRET, local_proconnect

pytestmark = pytest.mark.django_db

SCOPES = "openid email given_name usual_name uid siret idp_id"


@pytest.fixture
def provider(settings):
    with local_proconnect() as provider:
        settings.LABNET_PROCONNECT_DOMAIN = provider.base
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        proconnect_module.discovery_clear()
        yield provider
    proconnect_module.discovery_clear()


def _claims(email="nora.agent@interieur.gouv.fr", **extra):
    return {
        "email": email,
        "given_name": "Nora",
        "usual_name": "Agent",
        "uid": "42",
        "siret": "13002526500013",
        "idp_id": "fia1v2",
        **extra,
    }


def _start(client, next_url=None):
    response = client.get("/oidc/authenticate/", {"next": next_url} if next_url else {})
    assert response.status_code == 302
    return response["Location"]


def _sign_in(client, provider, sub, next_url=None):
    """Button -> provider's form (the person types their identity) -> back to the callback."""
    location = _start(client, next_url)
    answer = requests.post(location, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    callback = urlsplit(answer.headers["Location"])
    assert callback.path == "/oidc/callback/"
    return client.get(f"{callback.path}?{callback.query}")


def _signed_in_user(client):
    response = client.get(reverse("accounts:profile"))
    return response.context["user"] if response.status_code == 200 else None


def test_nothing_changes_when_proconnect_is_not_configured(client, settings):
    settings.LABNET_PROCONNECT_DOMAIN = ""
    html = client.get(reverse("accounts:login")).content.decode()
    assert "ProConnect" not in html
    assert "/oidc/" not in html
    for path in ("/oidc/authenticate/", "/oidc/callback/?code=x&state=y", "/oidc/logout/callback/"):
        assert client.get(path).status_code == 404


def test_sign_in_page_shows_the_proconnect_button_as_its_guidelines_say(client, provider):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<form method="get" action="/oidc/authenticate/">' in html
    assert '<button type="submit" class="fr-connect labnet-proconnect">' in html
    assert '<span class="fr-connect__login">S\'identifier avec</span>' in html
    assert '<span class="fr-connect__brand">ProConnect</span>' in html
    assert (
        '<a href="https://www.proconnect.gouv.fr/" target="_blank" rel="noopener" '
        'title="Qu\'est-ce que ProConnect ? - nouvelle fenêtre">'
        "Qu'est-ce que ProConnect ?</a>"
    ) in html
    # Local accounts stay for everyone else.
    assert 'name="password"' in html


def test_authorization_request_uses_discovery_scopes_state_and_nonce(client, provider):
    location = _start(client)
    parts = urlsplit(location)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        f"{provider.base}/api/v2/oauth2/authorize"
    )
    params = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert params["scope"] == SCOPES
    assert params["client_id"] == CLIENT_ID
    assert params["response_type"] == "code"
    assert params["redirect_uri"] == "http://testserver/oidc/callback/"
    assert len(params["state"]) >= 32 and len(params["nonce"]) >= 32
    # A second sign-in reuses the discovery document fetched the first time.
    second = dict(parse_qs(urlsplit(_start(client)).query))
    assert second["state"][0] != params["state"]
    assert provider.discovery_requests == 1


def test_first_sign_in_creates_the_account_from_the_signed_userinfo_and_finds_the_organisation(
    client, provider
):
    prefecture = OrganisationFactory(name="Préfecture du Calvados", siret="13002526500013")
    provider.add_user("sub-nora", **_claims())

    response = _sign_in(client, provider, "sub-nora", next_url="/guichet/")

    assert response.status_code == 302 and response.url == "/guichet/"
    assert provider.userinfo_requests == ["jwt"]
    user = User.objects.get()
    assert (user.email, user.full_name, user.proconnect_sub) == (
        "nora.agent@interieur.gouv.fr",
        "Nora Agent",
        "sub-nora",
    )
    assert user.siret == "13002526500013" and user.organisation == prefecture
    assert not user.has_usable_password()
    assert _signed_in_user(client) == user
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Préfecture du Calvados — SIRET 13002526500013" in html
    assert (
        AuditEntry.objects.get(action="accounts.user_proconnect_create").changes["matched_on"]
        == "created"
    )
    sign_in = AuditEntry.objects.get(action="accounts.sign_in")
    assert sign_in.actor == user and sign_in.changes == {"method": "proconnect"}


def test_plain_json_userinfo_is_read_too(client, provider):
    provider.userinfo_as_jwt = False
    provider.add_user("sub-json", **_claims(email="json@interieur.gouv.fr"))

    _sign_in(client, provider, "sub-json")

    assert provider.userinfo_requests == ["json"]
    assert _signed_in_user(client).email == "json@interieur.gouv.fr"


def test_a_userinfo_signed_with_another_key_is_refused(client, provider):
    provider.userinfo_forged = True
    provider.add_user("sub-forged", **_claims())

    response = _sign_in(client, provider, "sub-forged")

    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert not User.objects.exists()
    assert _signed_in_user(client) is None
    page = client.get(reverse("accounts:login")).content.decode()
    assert "La connexion avec ProConnect n&#x27;a pas abouti." in page


def test_the_account_is_matched_on_sub_before_email(client, provider):
    linked = UserFactory(email="ancienne@interieur.gouv.fr", proconnect_sub="sub-1")
    other = UserFactory(email="nouvelle@interieur.gouv.fr")
    # The person's address changed at their administration; their sub did not.
    provider.add_user("sub-1", **_claims(email="nouvelle@interieur.gouv.fr"))

    _sign_in(client, provider, "sub-1")

    assert _signed_in_user(client) == linked
    other.refresh_from_db()
    assert other.proconnect_sub == ""


def test_then_on_email_whatever_the_case_and_the_sub_is_linked(client, provider):
    local = UserFactory(email="nora.agent@interieur.gouv.fr", full_name="Nora A.")
    provider.add_user(
        "sub-nora", **_claims(email="Nora.AGENT@Interieur.gouv.fr", siret="99999999900011")
    )

    _sign_in(client, provider, "sub-nora")

    assert _signed_in_user(client) == local
    local.refresh_from_db()
    assert local.proconnect_sub == "sub-nora"
    assert local.full_name == "Nora A."  # a name the person chose stays
    assert local.siret == "99999999900011" and local.organisation is None
    assert User.objects.count() == 1
    entry = AuditEntry.objects.get(action="accounts.user_proconnect_link")
    assert entry.changes["matched_on"] == "email"
    # The SIRET matched no organisation: the account page proposes it.
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "organisation à confirmer" in html and "SIRET 99999999900011" in html


def test_an_account_linked_to_another_identity_is_not_taken_over(client, provider):
    owner = UserFactory(email="nora.agent@interieur.gouv.fr", proconnect_sub="sub-owner")
    provider.add_user("sub-intruder", **_claims())

    response = _sign_in(client, provider, "sub-intruder")

    assert response.url == reverse("accounts:login")
    assert _signed_in_user(client) is None
    owner.refresh_from_db()
    assert owner.proconnect_sub == "sub-owner"
    assert AuditEntry.objects.filter(
        action="accounts.user_proconnect_refuse", target_id=str(owner.pk)
    ).exists()


def test_organisation_found_from_the_siren_when_only_one_organisation_has_it(client, provider):
    ministry = OrganisationFactory(name="Ministère", siret="11000101300017")
    provider.add_user("sub-siren", **_claims(siret="11000101300025"))

    _sign_in(client, provider, "sub-siren")

    assert _signed_in_user(client).organisation == ministry


def test_a_forged_or_replayed_state_is_refused(client, provider):
    provider.add_user("sub-nora", **_claims())
    location = _start(client)
    answer = requests.post(location, data={"sub": "sub-nora"}, allow_redirects=False, timeout=5)
    callback = urlsplit(answer.headers["Location"])
    query = parse_qs(callback.query)
    forged = client.get("/oidc/callback/", {"code": query["code"][0], "state": "x" * 48})
    assert forged.status_code == 302 and forged.url == reverse("accounts:login")
    assert _signed_in_user(client) is None
    # The provider's refusal ("deny") lands on the sign-in page too.
    denied = client.get("/oidc/callback/", {"error": "access_denied", "state": query["state"][0]})
    assert denied.url == reverse("accounts:login")


def test_logout_goes_through_the_providers_end_session_endpoint(client, provider):
    provider.add_user("sub-nora", **_claims())
    _sign_in(client, provider, "sub-nora")
    id_token = client.session["oidc_id_token"]
    user = _signed_in_user(client)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    parts = urlsplit(response["Location"])
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        f"{provider.base}/api/v2/oauth2/end_session"
    )
    params = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert params["id_token_hint"] == id_token
    assert params["post_logout_redirect_uri"] == "http://testserver/oidc/logout/callback/"
    assert len(params["state"]) >= 32
    assert _signed_in_user(client) is None
    assert AuditEntry.objects.filter(action="accounts.sign_out", actor=user).count() == 1

    # The provider ends its session and sends the person back with the same state.
    page = requests.get(response["Location"], timeout=5)
    assert page.status_code == 200
    back = client.get("/oidc/logout/callback/", {"state": params["state"]}, follow=True)
    assert "Vous êtes déconnecté de LabNet et de ProConnect." in back.content.decode()


def test_a_logout_return_with_another_state_says_only_labnet_logged_out(client, provider):
    provider.add_user("sub-nora", **_claims())
    _sign_in(client, provider, "sub-nora")
    client.post(reverse("accounts:logout"))

    back = client.get("/oidc/logout/callback/", {"state": "n" * 43}, follow=True)

    html = back.content.decode()
    assert "Vous êtes déconnecté de LabNet." in html
    assert "et de ProConnect" not in html


def test_a_password_sign_in_logs_out_locally_only(client, provider, agent):
    client.force_login(agent)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == reverse("www:home")


def test_discovery_address_is_https_unless_the_provider_is_local(settings):
    settings.LABNET_PROCONNECT_DOMAIN = "auth.agentconnect.gouv.fr"
    assert proconnect_module.discovery_url() == (
        "https://auth.agentconnect.gouv.fr/api/v2/.well-known/openid-configuration"
    )
    settings.LABNET_PROCONNECT_DOMAIN = "http://127.0.0.1:9400"
    assert proconnect_module.discovery_url() == (
        "http://127.0.0.1:9400/api/v2/.well-known/openid-configuration"
    )
    settings.LABNET_PROCONNECT_DOMAIN = "http://proconnect.example.org"
    with pytest.raises(ImproperlyConfigured):
        proconnect_module.discovery_url()


def test_provider_unreachable_is_a_french_message_not_an_error(client, settings):
    settings.LABNET_PROCONNECT_DOMAIN = "http://127.0.0.1:9"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    proconnect_module.discovery_clear()

    response = client.get("/oidc/authenticate/", follow=True)

    assert response.redirect_chain == [(reverse("accounts:login"), 302)]
    assert "La connexion avec ProConnect n&#x27;a pas abouti." in response.content.decode()
