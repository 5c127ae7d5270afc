"""Shorter staff sessions, password changes ending the other sessions, and the
authentication events on the audit trail."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from labnet.core.models import AuditEntry
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "un-nouveau-mot-de-passe-99"


def _sign_in(client, user, password=PASSWORD, url=None):
    response = client.post(
        url or reverse("accounts:login"), {"username": user.email, "password": password}
    )
    assert response.status_code == 302
    return response


def _signed_in(client) -> bool:
    return client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.parametrize(
    ("flags", "seconds"),
    [
        ({}, 14 * 24 * 3600),
        ({"coordinator": True}, 7200),
        ({"is_staff": True, "is_superuser": True}, 7200),
    ],
)
def test_staff_and_coordination_sessions_are_shorter(client, flags, seconds):
    user = UserFactory(**flags)
    _sign_in(client, user)
    assert client.session.get_expiry_age() == seconds


def test_the_staff_session_length_is_a_setting(client, settings, coordinator):
    settings.LABNET_STAFF_SESSION_SECONDS = 1800
    _sign_in(client, coordinator)
    assert client.session.get_expiry_age() == 1800


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(agent):
    here, elsewhere = Client(), Client()
    _sign_in(here, agent)
    _sign_in(elsewhere, agent)

    response = here.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    assert _signed_in(here)
    assert not _signed_in(elsewhere)
    agent.refresh_from_db()
    assert agent.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.get(action="accounts.password_change")
    assert entry.actor == agent and entry.channel == AuditEntry.Channel.WEB


def test_a_wrong_current_password_changes_nothing_and_keeps_what_was_typed(client, agent):
    _sign_in(client, agent)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "faux", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    agent.refresh_from_db()
    assert agent.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="accounts.password_change").exists()


def test_password_change_page_needs_a_signed_in_person(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_a_password_reset_ends_every_session_and_is_on_the_record(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="agent@example.gouv.fr")
    elsewhere = Client()
    _sign_in(elsewhere, user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "AGENT@example.gouv.fr"})
    request_entry = AuditEntry.objects.get(action="accounts.password_reset_request")
    assert request_entry.actor is None and request_entry.target_id == str(user.pk)

    link = re.search(r"http://testserver(/compte/mot-de-passe/\S+/\S+/)", mail.outbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not _signed_in(elsewhere)
    done = AuditEntry.objects.get(action="accounts.password_reset")
    assert done.actor == user and done.target_id == str(user.pk)


def test_a_reset_asked_for_an_unknown_address_names_nobody(client):
    client.post(reverse("accounts:password_reset"), {"email": "inconnu@example.gouv.fr"})
    assert not AuditEntry.objects.filter(action__startswith="accounts.password").exists()


def test_sign_in_failure_and_sign_out_are_on_the_record(client, agent):
    client.post(reverse("accounts:login"), {"username": agent.email, "password": "mauvais"})
    _sign_in(client, agent)
    client.post(reverse("accounts:logout"))

    entries = list(
        AuditEntry.objects.filter(action__startswith="accounts.")
        .order_by("id")
        .values_list("action", "actor_id", "target_id", "channel", "changes")
    )
    assert entries == [
        (
            "accounts.sign_in_fail",
            None,
            str(agent.pk),
            "web",
            {"attempted": agent.email, "locked_out": False},
        ),
        ("accounts.sign_in", agent.pk, str(agent.pk), "web", {"method": "password"}),
        ("accounts.sign_out", agent.pk, str(agent.pk), "web", {}),
    ]


def test_an_unknown_address_failing_is_recorded_without_a_target(client):
    client.post(reverse("accounts:login"), {"username": "Personne@Example.fr", "password": "x"})
    entry = AuditEntry.objects.get(action="accounts.sign_in_fail")
    assert (entry.target_id, entry.changes["attempted"]) == ("", "personne@example.fr")


def test_admin_sign_in_is_recorded_on_the_admin_channel(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    _sign_in(client, admin, url="/admin/login/?next=/admin/")
    entry = AuditEntry.objects.get(action="accounts.sign_in")
    assert (entry.actor, entry.channel) == (admin, AuditEntry.Channel.ADMIN)


def test_erasure_removes_the_proconnect_link_siret_and_second_factor(agent):
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from labnet.people.personal_data.rights import account_erase
    from tests.factories import OrganisationFactory

    agent.proconnect_sub, agent.siret = "sub-agent", "13002526500013"
    agent.organisation = OrganisationFactory()
    agent.mfa_enabled = True
    agent.save()
    TOTPDevice.objects.create(user=agent, name="LabNet", confirmed=True)
    StaticDevice.objects.create(user=agent, name="LabNet", confirmed=True)

    account_erase(actor=agent, user=agent, confirmation=PASSWORD)

    agent.refresh_from_db()
    assert (agent.proconnect_sub, agent.siret, agent.organisation, agent.mfa_enabled) == (
        "",
        "",
        None,
        False,
    )
    assert not TOTPDevice.objects.filter(user=agent).exists()
    assert not StaticDevice.objects.filter(user=agent).exists()


def test_logins_made_in_code_are_not_authentication_events(client, agent):
    # The test client's force_login, like a shell, signs in without an HTTP request.
    client.force_login(agent)
    client.logout()
    assert not AuditEntry.objects.filter(action__startswith="accounts.").exists()


def test_the_personal_data_download_says_what_the_account_holds_about_sign_in(agent):
    from labnet.people.personal_data.rights import personal_data_export
    from tests.factories import OrganisationFactory

    agent.proconnect_sub, agent.siret = "sub-agent", "13002526500013"
    agent.organisation = OrganisationFactory(name="Préfecture")
    agent.save()

    account = personal_data_export(actor=agent, user=agent)["sections"]["account"]

    assert {k: account[k] for k in ("signs_in_with_proconnect", "siret", "organisation")} == {
        "signs_in_with_proconnect": True,
        "siret": "13002526500013",
        "organisation": "Préfecture",
    }
    assert account["second_factor"] is False
