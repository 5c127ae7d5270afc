"""Content-Security-Policy, Permissions-Policy, HSTS and no server name, on pages and API
answers; `check --deploy` clean with production settings."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from labnet.core.middleware import PERMISSIONS_POLICY
from tests.events.factories import EventFactory

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def _assert_strict(response):
    directives = _directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[name]
        assert "'unsafe-eval'" not in directives[name]
        assert directives[name][0] == "'self'"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert "camera=()" in PERMISSIONS_POLICY and "geolocation=()" in PERMISSIONS_POLICY
    assert "Server" not in response
    return directives


def test_a_page_has_a_strict_policy_and_its_nonce_on_every_inline_block(client):
    response = client.get(reverse("www:home"))

    assert response.status_code == 200
    directives = _assert_strict(response)
    html = response.content.decode()
    # No inline script and no style attribute in LabNet's own markup.
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>", html) == []
    assert re.findall(r"<style(?![^>]*\bnonce=)[^>]*>", html) == []
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)
    # The DSFR's scripts are files (allowed as 'self'); a nonce is in the policy only when
    # the page used it.
    for nonce in set(re.findall(r'nonce="([^"]+)"', html)):
        assert f"'nonce-{nonce}'" in directives["script-src"]


def test_the_event_page_gives_its_json_ld_the_nonce(client):
    event = EventFactory()

    response = client.get(event.get_absolute_url())

    html = response.content.decode()
    [nonce] = re.findall(r'<script type="application/ld\+json" nonce="([^"]+)"', html)
    assert f"'nonce-{nonce}'" in _directives(response)["script-src"]


def test_each_answer_has_its_own_nonce(client):
    event = EventFactory()
    first = _directives(client.get(event.get_absolute_url()))["script-src"]
    second = _directives(client.get(event.get_absolute_url()))["script-src"]

    assert first[1].startswith("'nonce-") and first != second


def test_an_api_answer_has_the_headers_too(client):
    response = client.get("/api/v1/labs/")

    assert response.status_code == 200
    _assert_strict(response)


def test_map_tiles_are_allowed_from_the_tile_server_only():
    from config.settings.base import _origin

    assert _origin("https://data.geopf.fr/wmts?LAYER=x&TILEMATRIX={z}") == "https://data.geopf.fr"
    assert _origin("") == ""


def test_gunicorn_names_no_software():
    import gunicorn.http.wsgi

    before = gunicorn.http.wsgi.SERVER
    try:
        config = (ROOT / "config" / "gunicorn.conf.py").read_text()
        exec(compile(config, "gunicorn.conf.py", "exec"), {})  # noqa: S102 - our own file
        assert gunicorn.http.wsgi.SERVER == "LabNet"
    finally:
        gunicorn.http.wsgi.SERVER = before


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "LABNET_SECRET_KEY": secrets.token_urlsafe(50),
    "LABNET_ALLOWED_HOSTS": "labnet.numerique.gouv.fr",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _manage(*args, **env):
    # Nothing from the test run's environment (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("LABNET_", "DJANGO_"))}
    environment.update({**PRODUCTION_ENV, **env})
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.once
def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.once
def test_production_sends_hsts_with_subdomains_and_preload_when_asked():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['upgrade-insecure-requests'])"
    )
    default = _manage("shell", "-v", "0", "-c", code)
    preload = _manage("shell", "-v", "0", "-c", code, LABNET_HSTS_PRELOAD="1")
    checked = _manage("check", "--deploy", "--fail-level", "WARNING", LABNET_HSTS_PRELOAD="1")

    assert default.stdout.split() == ["31536000", "True", "False", "True"], default.stderr
    assert preload.stdout.split() == ["31536000", "True", "True", "True"], preload.stderr
    assert checked.returncode == 0, checked.stdout + checked.stderr
