"""The Django admin lists second-factor devices but never shows their secrets."""

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KEY = "3132333435363738393031323334353637383930"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(admin=True))
    return client


@pytest.fixture
def devices():
    user = UserFactory(full_name="Cora Coordination", coordinator=True)
    totp = TOTPDevice.objects.create(user=user, name="Application", key=KEY, confirmed=True)
    static = StaticDevice.objects.create(user=user, name="Codes de secours", confirmed=True)
    StaticToken.objects.create(device=static, token="rcvcode42")
    return totp, static


def test_a_totp_device_page_shows_neither_its_key_nor_its_qr_code(admin_client, devices):
    totp, _static = devices
    page = admin_client.get(f"/admin/otp_totp/totpdevice/{totp.pk}/change/")
    assert page.status_code == 200
    assert KEY not in page.content.decode()
    assert "qrcode" not in page.content.decode()
    for view in ("config", "qrcode"):
        assert admin_client.get(f"/admin/otp_totp/totpdevice/{totp.pk}/{view}/").status_code == 403


def test_an_unknown_device_s_configuration_is_refused_not_a_server_error(admin_client):
    # It was a 500 (the view looked the device up unguarded), found by the generated test.
    for view in ("config", "qrcode"):
        assert admin_client.get(f"/admin/otp_totp/totpdevice/999/{view}/").status_code == 403


def test_recovery_codes_are_not_shown_in_the_admin(admin_client, devices):
    _totp, static = devices
    page = admin_client.get(f"/admin/otp_static/staticdevice/{static.pk}/change/")
    assert page.status_code == 200
    assert "rcvcode42" not in page.content.decode()
