"""Sign-up never tells whether an address has an account (issue 11)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from labnet.accounts.models import User
from labnet.core.models import AuditEntry
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _register(client, email, capture):
    with capture(execute=True):
        return client.post(
            reverse("accounts:register"),
            {"full_name": "Nora Agent", "email": email, "password": PASSWORD},
            follow=True,
        )


def _page_body(response) -> str:
    # The same page whatever the branch; only the CSRF token differs between requests.
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_new_and_existing_addresses_get_identical_answers(
    client, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="pris@example.gouv.fr", full_name="Paul Pris")
    new = _register(client, "Nouvelle@Example.gouv.fr", django_capture_on_commit_callbacks)
    existing = _register(client, "PRIS@example.gouv.fr", django_capture_on_commit_callbacks)

    assert new.status_code == existing.status_code == 200
    assert (
        new.redirect_chain == existing.redirect_chain == [(reverse("accounts:register_done"), 302)]
    )
    assert _page_body(new) == _page_body(existing)
    assert "Vérifiez votre messagerie" in _page_body(new)

    # Nothing changed for the owner; they are told by e-mail instead.
    owner.refresh_from_db()
    assert owner.full_name == "Paul Pris" and owner.check_password(PASSWORD)
    assert User.objects.count() == 2
    to_owner = [m for m in mail.outbox if m.to == ["pris@example.gouv.fr"]]
    assert len(to_owner) == 1
    assert to_owner[0].subject == "Tentative de création de compte avec votre adresse"
    assert "réinitialiser votre mot de passe" in to_owner[0].body
    assert "http://127.0.0.1:8000/compte/mot-de-passe/" in to_owner[0].body
    entry = AuditEntry.objects.get(action="accounts.user_register_existing")
    assert entry.actor is None and entry.target_id == str(owner.pk)


def test_new_account_is_inactive_until_the_emailed_link_activates_it(
    client, django_capture_on_commit_callbacks, settings
):
    settings.LABNET_BASE_URL = "http://testserver"
    _register(client, "Nora.Agent@Example.gouv.fr", django_capture_on_commit_callbacks)
    user = User.objects.get()
    assert user.email == "nora.agent@example.gouv.fr" and not user.is_active
    assert user.check_password(PASSWORD)
    # Not signed in, and the password does not open the account yet.
    assert client.get(reverse("accounts:profile")).status_code == 302
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 200

    (message,) = mail.outbox
    assert message.to == ["nora.agent@example.gouv.fr"]
    link = re.search(r"http://testserver(/compte/activer/\S+/\S+/)", message.body).group(1)
    response = client.get(link)
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.is_active
    assert client.get(reverse("accounts:profile")).context["user"] == user
    assert AuditEntry.objects.filter(action="accounts.user_register", actor=user).count() == 1
    assert AuditEntry.objects.filter(action="accounts.user_activate", actor=user).count() == 1

    # The link works once.
    client.logout()
    response = client.get(link, follow=True)
    assert "Ce lien d&#x27;activation n&#x27;est plus valide" in response.content.decode()


def test_register_with_bad_input_keeps_what_was_typed_and_says_why_in_french(client):
    response = client.post(
        reverse("accounts:register"),
        {"full_name": "Nora Agent", "email": "nora@example.gouv.fr", "password": "123"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["password"][0].startswith("Ce mot de passe est trop court.")
    html = response.content.decode()
    assert 'value="Nora Agent"' in html
    assert 'value="nora@example.gouv.fr"' in html
    assert User.objects.count() == 0


def test_signing_up_again_before_confirming_replaces_the_pending_sign_up(
    client, django_capture_on_commit_callbacks, settings
):
    settings.LABNET_BASE_URL = "http://testserver"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:register"),
            {"full_name": "Quelqu'un", "email": "nora@example.gouv.fr", "password": PASSWORD},
        )
    second_password = "un-autre-mot-de-passe-77"
    response = None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:register"),
            {
                "full_name": "Nora Agent",
                "email": "nora@example.gouv.fr",
                "password": second_password,
            },
        )
    assert response.url == reverse("accounts:register_done")
    user = User.objects.get()
    assert user.full_name == "Nora Agent" and user.check_password(second_password)
    assert not user.check_password(PASSWORD)
    assert [m.subject for m in mail.outbox] == [
        "Confirmez votre adresse pour activer votre compte LabNet"
    ] * 2
    link = re.search(r"http://testserver(/compte/activer/\S+/\S+/)", mail.outbox[1].body).group(1)
    assert client.get(link).url == reverse("accounts:profile")
