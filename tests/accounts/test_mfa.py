"""Second factor: TOTP with recovery codes; required for administrators and coordinators."""

import base64
import hashlib
import hmac
import re
import struct
import time
from urllib.parse import quote

import pytest
from django.urls import reverse

from labnet.accounts.models import User
from labnet.core.models import AuditEntry
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENROL = "/compte/double-authentification/activer/"
VERIFY = "/compte/double-authentification/verifier/"
MANAGE = "/compte/double-authentification/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.LABNET_MFA_REQUIRED_FOR_STAFF = True
    # django-otp slows down guessing (1 s, 2 s, 4 s... after each wrong code); the tests
    # that try a wrong code then a right one would wait. Tested on its own below.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def admin(db):
    return UserFactory(email="admin@example.gouv.fr", is_staff=True, is_superuser=True)


def totp(secret: str, *, step_offset: int = 0) -> str:
    """RFC 6238 (SHA-1, 30 s, 6 digits), computed here from the secret the page shows."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int(time.time()) // 30 + step_offset
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def _sign_in(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302


def _enrol(client) -> tuple[str, list[str]]:
    page = client.get(ENROL)
    html = page.content.decode()
    assert "<svg" in html
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7]+)<', html).group(1)
    response = client.post(ENROL, {"code": totp(secret)})
    assert response.status_code == 302 and response.url == reverse("accounts:mfa_codes")
    codes_page = client.get(response.url).content.decode()
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", codes_page)
    return secret, codes


def test_an_administrator_without_a_second_factor_cannot_reach_the_admin(client, admin):
    _sign_in(client, admin)

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == f"{ENROL}?next={quote('/admin/', safe='')}"
    assert client.get("/admin/accounts/user/").status_code == 302

    _secret, codes = _enrol(client)
    assert len(codes) == 10
    # The codes are shown once.
    assert client.get(reverse("accounts:mfa_codes")).url == MANAGE
    assert client.get("/admin/").status_code == 200
    admin.refresh_from_db()
    assert admin.mfa_enabled
    assert AuditEntry.objects.filter(action="accounts.mfa_enrol", actor=admin).count() == 1


def test_with_a_second_factor_the_admin_is_reached_after_verification(client, admin):
    _sign_in(client, admin)
    secret, _codes = _enrol(client)
    client.post(reverse("accounts:logout"))

    _sign_in(client, admin)
    response = client.get("/admin/")
    assert response.url == f"{VERIFY}?next={quote('/admin/', safe='')}"

    wrong = client.post(VERIFY, {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 400
    assert "Ce code n&#x27;est pas valide" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    # The next 30-second step: the enrolment's code cannot be replayed.
    right = client.post(VERIFY, {"code": totp(secret, step_offset=1), "next": "/admin/"})
    assert right.status_code == 302 and right.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.mfa_fail", actor=admin).count() == 1
    verified = AuditEntry.objects.get(action="accounts.mfa_verify", actor=admin)
    assert verified.changes == {"method": "totp"}


def test_a_recovery_code_works_once(client, admin):
    _sign_in(client, admin)
    _, codes = _enrol(client)
    client.post(reverse("accounts:logout"))

    _sign_in(client, admin)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post(reverse("accounts:logout"))

    _sign_in(client, admin)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 400
    assert client.post(VERIFY, {"code": codes[1].upper()}).status_code == 302
    assert (
        AuditEntry.objects.filter(action="accounts.mfa_verify", changes__method="recovery_code")
        .filter(actor=admin)
        .count()
        == 2
    )


def test_regenerated_codes_replace_the_old_ones(client, admin):
    _sign_in(client, admin)
    _, old = _enrol(client)
    response = client.post(reverse("accounts:mfa_regenerate"))
    assert response.url == reverse("accounts:mfa_codes")
    new = re.findall(
        r"<li><code>([a-z0-9]+)</code></li>", client.get(response.url).content.decode()
    )
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("accounts:logout"))

    _sign_in(client, admin)
    assert client.post(VERIFY, {"code": old[2]}).status_code == 400
    assert client.post(VERIFY, {"code": new[2]}).status_code == 302


def test_a_coordinator_needs_it_for_coordinator_pages_and_the_api_session(client, coordinator):
    _sign_in(client, coordinator)

    assert client.get("/accompagnement/").url.startswith(ENROL)
    api = client.get("/api/v1/auth/me/")
    assert api.status_code == 403
    assert api.json()["errors"][0]["code"] == "mfa_required"
    # Sign-out and the enrolment itself stay reachable.
    assert client.get(ENROL).status_code == 200


def test_an_agent_is_offered_it_and_can_turn_it_off_with_a_code(client, agent):
    _sign_in(client, agent)
    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 200
    assert (
        f'<a href="{MANAGE}">Double authentification</a> — désactivée' in profile.content.decode()
    )

    _secret, codes = _enrol(client)
    agent.refresh_from_db()
    assert agent.mfa_enabled
    refused = client.post(reverse("accounts:mfa_disable"), {"code": "123456"})
    assert refused.status_code == 400
    assert client.post(reverse("accounts:mfa_disable"), {"code": codes[0]}).status_code == 302
    agent.refresh_from_db()
    assert not agent.mfa_enabled
    assert AuditEntry.objects.filter(action="accounts.mfa_disable", actor=agent).count() == 1
    # Signing in again asks for nothing more.
    client.post(reverse("accounts:logout"))
    _sign_in(client, agent)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_an_administrator_cannot_turn_it_off(client, admin):
    _sign_in(client, admin)
    _, codes = _enrol(client)
    response = client.post(reverse("accounts:mfa_disable"), {"code": codes[0]})
    assert response.status_code == 400
    assert "obligatoire pour votre rôle" in response.content.decode()
    assert User.objects.get(pk=admin.pk).mfa_enabled


@pytest.mark.parametrize("required", [False, True])
def test_lab_leads_need_it_only_when_the_setting_says_so(
    client, settings, lab_lead, lab_member, required
):
    settings.LABNET_MFA_REQUIRED_FOR_LEADS = required
    _sign_in(client, lab_lead)
    lead_page = client.get(reverse("accounts:profile"))
    assert (lead_page.status_code == 302) is required
    client.post(reverse("accounts:logout"))
    _sign_in(client, lab_member)
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.parametrize("name", ["mfa_manage", "mfa_enrol", "mfa_codes", "mfa_verify"])
def test_the_pages_need_a_signed_in_person(client, name):
    response = client.get(reverse(f"accounts:{name}"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_pages_answer_in_english_too(client, agent):
    _sign_in(client, agent)
    response = client.get("/en" + ENROL)
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


def test_wrong_codes_in_a_row_are_slowed_down(client, admin, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _sign_in(client, admin)
    secret, _ = _enrol(client)
    client.post(reverse("accounts:logout"))
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    _sign_in(client, admin)

    assert client.post(VERIFY, {"code": "000000"}).status_code == 400
    # Right away, even the right code is refused...
    assert client.post(VERIFY, {"code": totp(secret, step_offset=1)}).status_code == 400
    # ...until the delay has passed (here: the failure moved back in time).
    TOTPDevice.objects.update(throttling_failure_timestamp=None)
    assert client.post(VERIFY, {"code": totp(secret, step_offset=1)}).status_code == 302


def test_the_enrolment_page_writes_nothing_until_a_first_code_confirms(client, agent):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _sign_in(client, agent)
    first = client.get(ENROL).content.decode()
    again = client.get(ENROL).content.decode()
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7]+)<', first).group(1)
    assert secret in again  # the scanned code keeps working across attempts
    assert not TOTPDevice.objects.exists()

    wrong = client.post(ENROL, {"code": "000000"})
    assert wrong.status_code == 400
    assert 'value="000000"' in wrong.content.decode()
    assert not TOTPDevice.objects.exists()
    assert AuditEntry.objects.filter(action="accounts.mfa_enrol_fail", actor=agent).count() == 1

    assert client.post(ENROL, {"code": totp(secret)}).status_code == 302
    assert TOTPDevice.objects.get(user=agent).confirmed


def test_a_password_alone_cannot_manage_the_second_factor(client, agent):
    _sign_in(client, agent)
    _, codes = _enrol(client)
    client.post(reverse("accounts:logout"))
    _sign_in(client, agent)  # password only, no code yet

    for response in (
        client.get(MANAGE),
        client.post(reverse("accounts:mfa_regenerate")),
        client.post(reverse("accounts:mfa_disable"), {"code": "000000"}),
        client.get(ENROL),
    ):
        assert response.status_code == 302
        assert response.url.startswith(VERIFY)
    agent.refresh_from_db()
    assert agent.mfa_enabled
    assert not AuditEntry.objects.filter(action="accounts.recovery_codes_regenerate").exists()
    # The old codes still work: nothing was regenerated.
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
