"""The new account pages for every role (second factor required for staff, as in production)."""

import pytest
from django.urls import reverse

from tests.factories import LabFactory, MembershipFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "agent", "lab_member", "lab_lead", "other_lead", "coordinator"]
PROTECTED = ["accounts:mfa_manage", "accounts:mfa_enrol", "accounts:password_change"]
PUBLIC = ["accounts:login", "accounts:register", "accounts:register_done"]


@pytest.fixture(autouse=True)
def _required(settings):
    settings.LABNET_MFA_REQUIRED_FOR_STAFF = True


def _as(request, client, role):
    if role == "anonymous":
        return None
    if role == "other_lead":
        user = MembershipFactory(lab=LabFactory(), lead=True).user
    else:
        user = request.getfixturevalue(role)
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", PROTECTED)
def test_protected_account_pages(request, client, role, name):
    _as(request, client, role)
    response = client.get(reverse(name))
    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    elif role == "coordinator" and name != "accounts:mfa_enrol":
        # Nothing but the second factor's pages before it is set up.
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:mfa_enrol"))
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", PUBLIC)
def test_public_account_pages(request, client, role, name):
    user = _as(request, client, role)
    response = client.get(reverse(name))
    if user is None:
        assert response.status_code == 200
    elif role == "coordinator":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:mfa_enrol"))
    elif name == "accounts:register_done":
        assert response.status_code == 200
    else:
        # Signed in: the sign-in page sends home, the sign-up page to the account page.
        assert response.status_code == 302
        expected = "www:home" if name == "accounts:login" else "accounts:profile"
        assert response.url == reverse(expected)
