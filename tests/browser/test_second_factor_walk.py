"""An administrator without a second factor is sent to enrolment before the admin: the
QR code and secret, a first code, the recovery codes shown once, then the admin; signing
in again asks for a code. In Chromium, axe-core on each LabNet page."""

import re

import pytest

from tests.accounts.test_mfa import totp
from tests.factories import UserFactory

from .steps import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_administrator_enrols_then_verifies_before_the_admin(
    page, live_server, settings, axe_check
):
    settings.LABNET_MFA_REQUIRED_FOR_STAFF = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    admin = UserFactory(
        email="admin@example.gouv.fr", full_name="Ada Admin", is_staff=True, is_superuser=True
    )

    sign_in(page, admin.email)
    page.goto("/admin/")
    page.wait_for_url("**/compte/double-authentification/activer/?next=*")
    assert page.get_by_text(
        "Votre rôle sur la plateforme demande une double authentification"
    ).is_visible()
    assert page.locator(".labnet-qr svg").is_visible()
    axe_check(page)
    secret = page.get_by_test_id("totp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)

    page.fill("#id_code", "000000")
    page.get_by_role("button", name="Activer").click()
    assert page.get_by_text("Ce code n'est pas valide ou a expiré").first.is_visible()
    page.fill("#id_code", totp(secret))
    page.get_by_role("button", name="Activer").click()
    page.wait_for_url("**/compte/double-authentification/codes/")
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    axe_check(page)
    page.get_by_role("link", name="J'ai noté mes codes : continuer").click()
    page.wait_for_url("**/admin/")
    assert page.locator("#site-name").inner_text().strip() == "Administration de LabNet"

    page.goto("/")
    sign_out(page)
    sign_in(page, admin.email)
    page.goto("/admin/")
    page.wait_for_url("**/compte/double-authentification/verifier/?next=*")
    axe_check(page)
    page.fill("#id_code", totp(secret, step_offset=1))
    page.get_by_role("button", name="Vérifier").click()
    page.wait_for_url("**/admin/")
