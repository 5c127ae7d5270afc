"""ProConnect, the State's identity federation for public agents (OpenID Connect).

mozilla-django-oidc does the protocol (state, nonce, code exchange, signatures); this
module adds what ProConnect needs on top (docs/proconnect.md, docs/adr/0023-trust-proconnect.md):

- the endpoints come from the provider's discovery document, fetched once per process
  and cached, at ``https://<LABNET_PROCONNECT_DOMAIN>/api/v2/.well-known/openid-configuration``;
- the ID token and the userinfo, which ProConnect returns as a signed JWT, are verified
  with the provider's published keys (JWKS), issuer and audience included;
- the account is found by `sub`, then by e-mail, or created (accounts.services).

Nothing here runs when ProConnect is not configured: `is_configured()` is False, the
sign-in page shows no button and the /oidc/ addresses answer 404.
"""

import secrets
import threading
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

DISCOVERY_PATH = "/api/v2/.well-known/openid-configuration"
# Plain http is accepted only for a provider on this machine (the tests' local provider).
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}

_discovery_cache: dict[str, dict] = {}
_discovery_lock = threading.Lock()


def is_configured() -> bool:
    return bool(
        getattr(settings, "LABNET_PROCONNECT_DOMAIN", "")
        and getattr(settings, "OIDC_RP_CLIENT_ID", "")
        and getattr(settings, "OIDC_RP_CLIENT_SECRET", "")
    )


def discovery_url() -> str:
    """The discovery document's address. The domain is a host name (`auth.agentconnect.gouv.fr`,
    `fca.integ01.dev-agentconnect.fr`); an explicit `http://` is refused unless local."""
    domain = settings.LABNET_PROCONNECT_DOMAIN.strip().rstrip("/")
    if "://" not in domain:
        return f"https://{domain}{DISCOVERY_PATH}"
    parts = urlsplit(domain)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOCAL_HOSTS):
        return f"{parts.scheme}://{parts.netloc}{parts.path}{DISCOVERY_PATH}"
    raise ImproperlyConfigured(
        "LABNET_PROCONNECT_DOMAIN must be a host name (https is implied); plain http is "
        "allowed only for a provider on 127.0.0.1."
    )


def discovery() -> dict:
    """The provider's configuration, fetched on first use then kept for the process."""
    url = discovery_url()
    config = _discovery_cache.get(url)
    if config is not None:
        return config
    with _discovery_lock:
        config = _discovery_cache.get(url)
        if config is None:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            config = response.json()
            missing = {
                "issuer",
                "authorization_endpoint",
                "token_endpoint",
                "userinfo_endpoint",
                "jwks_uri",
            } - config.keys()
            if missing:
                raise ImproperlyConfigured(f"ProConnect discovery lacks {sorted(missing)}.")
            _check_endpoints(config)
            _discovery_cache[url] = config
    return config


def _check_endpoints(config: dict) -> None:
    for key in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"):
        parts = urlsplit(config[key])
        if not (parts.scheme == "https" or parts.hostname in LOCAL_HOSTS):
            raise ImproperlyConfigured(f"ProConnect {key} must use https.")


def discovery_clear() -> None:
    """Forget the cached configuration (tests, or after the provider rotated it)."""
    _discovery_cache.clear()


def end_session_url(*, id_token: str, post_logout_redirect_uri: str) -> tuple[str, str]:
    """The provider's end-session address for `id_token`, and the `state` it carries back."""
    state = secrets.token_urlsafe(32)
    query = urlencode(
        {
            "id_token_hint": id_token,
            "state": state,
            "post_logout_redirect_uri": post_logout_redirect_uri,
        }
    )
    return f"{discovery()['end_session_endpoint']}?{query}", state


class ProConnectBackend(OIDCAuthenticationBackend):
    """Authentication backend for ProConnect's callback; inert for password sign-ins."""

    def __init__(self, *args, **kwargs):
        # The parent reads the endpoints from settings when constructed, which Django does
        # for every sign-in (passwords included): they are read lazily instead, from
        # discovery, only when a ProConnect callback arrives.
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not is_configured():
            return None
        config = discovery()
        self.OIDC_OP_TOKEN_ENDPOINT = config["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = config["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = config["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.issuer = config["issuer"]
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload, key):
        """Signature, algorithm, expiry, issuer and audience (the parent skips the last two)."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("Unexpected JWT algorithm.")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.issuer,
                options={"require": ["iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"JWT verification failed: {error}") from error

    def retrieve_matching_jwk(self, token):
        """The provider's published key that signed `token`: the one its `kid` names, or
        the only key of its algorithm when the header names none."""
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        header = jwt.get_unverified_header(token)
        keys = [
            key
            for key in response.json().get("keys", [])
            if key.get("alg", header.get("alg")) == header.get("alg")
            and key.get("use", "sig") == "sig"
        ]
        if "kid" in header:
            keys = [key for key in keys if key.get("kid") == header["kid"]]
        if len(keys) != 1:
            raise SuspiciousOperation("No single provider key matches the token.")
        return jwt.PyJWK(keys[0], algorithm=header.get("alg"))

    def get_userinfo(self, access_token, id_token, payload):
        """ProConnect answers with a signed JWT (`application/jwt`); a plain JSON answer is
        read too. Either way its `sub` must be the ID token's."""
        claims = super().get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("Userinfo subject differs from the ID token's.")
        return claims

    def verify_claims(self, claims):
        return bool(claims.get("sub")) and bool(claims.get("email"))

    def get_or_create_user(self, access_token, id_token, payload):
        from .services import user_from_proconnect

        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("ProConnect claims lack sub or email.")
        return user_from_proconnect(claims=claims)
