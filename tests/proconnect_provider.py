"""A real OpenID provider on 127.0.0.1 for the ProConnect tests (oidc-provider-mock).

oidc-provider-mock serves the protocol (discovery, authorize form, token, userinfo, JWKS,
end session) from a thread. Two things make it look like ProConnect:

- it is mounted under /api/v2, so its discovery document is at ProConnect's address,
  /api/v2/.well-known/openid-configuration;
- its userinfo answer carries every claim stored for the person (ProConnect's claims
  have their own scopes: given_name, usual_name, siret...) and, unless
  `userinfo_as_jwt` is turned off, is a JWT signed with the provider's key
  (`application/jwt`), iss and aud included, as ProConnect answers.
"""

import contextlib
import threading
from dataclasses import dataclass, field
from urllib.parse import quote

import flask
import oidc_provider_mock
import requests
import werkzeug.serving
from authlib import jose
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.wrappers import Response

CLIENT_ID = "labnet-test-client"
CLIENT_SECRET = "labnet-test-secret"
PREFIX = "/api/v2"


@dataclass
class LocalProConnect:
    base: str  # http://127.0.0.1:<port>, what LABNET_PROCONNECT_DOMAIN is set to
    userinfo_as_jwt: bool = True
    # Sign the userinfo with a key the provider does not publish (a forgery).
    userinfo_forged: bool = False
    userinfo_requests: list = field(default_factory=list)
    discovery_requests: int = 0

    @property
    def root(self) -> str:
        return self.base + PREFIX

    def add_user(self, sub: str, **claims) -> None:
        response = requests.put(f"{self.root}/users/{quote(sub, safe='')}", json=claims, timeout=5)
        assert response.status_code == 204, response.text


def _not_found(environ, start_response):
    return Response("not found", status=404)(environ, start_response)


@contextlib.contextmanager
def local_proconnect():
    app = oidc_provider_mock.app(require_nonce=True)
    provider = LocalProConnect(base="")

    @app.after_request
    def proconnect_userinfo(response):
        if flask.request.path.endswith("/openid-configuration"):
            provider.discovery_requests += 1
        if not flask.request.path.endswith("/userinfo") or response.status_code != 200:
            return response
        storage = flask.g.oidc_provider_mock_storage
        token = flask.request.headers["Authorization"].split(" ", 1)[1]
        user = storage.get_user(storage.get_access_token(token).user_id)
        claims = {**user.claims, "sub": user.sub}
        provider.userinfo_requests.append("jwt" if provider.userinfo_as_jwt else "json")
        if not provider.userinfo_as_jwt:
            response.set_data(flask.json.dumps(claims))
            return response
        key = storage.jwk
        kid = key.as_dict()["kid"]
        if provider.userinfo_forged:
            key = jose.RSAKey.generate_key(is_private=True)
        claims |= {"iss": flask.request.host_url.rstrip("/"), "aud": CLIENT_ID}
        signed = jose.jwt.encode({"alg": "RS256", "kid": kid}, claims, key)
        response.set_data(signed)
        response.headers["Content-Type"] = "application/jwt"
        return response

    server = werkzeug.serving.make_server(
        "127.0.0.1", 0, DispatcherMiddleware(_not_found, {PREFIX: app}), threaded=True
    )
    provider.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join(2)
        server.server_close()
