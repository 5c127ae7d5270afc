import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_with_email_and_wrong_password_message(client):
    UserFactory(email="agent@example.gouv.fr")
    response = client.post(
        reverse("accounts:login"), {"username": "agent@example.gouv.fr", "password": "mauvais"}
    )
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()
    response = client.post(
        reverse("accounts:login"), {"username": "agent@example.gouv.fr", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_password_reset_sends_an_email_with_a_working_link(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="agent@example.gouv.fr")
    # The e-mail is queued as a task once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("accounts:password_reset"), {"email": "agent@example.gouv.fr"}
        )
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["agent@example.gouv.fr"]
    assert message.subject == "LabNet : choisir un nouveau mot de passe"
    link = re.search(r"http://testserver(/compte/mot-de-passe/\S+/\S+/)", message.body).group(1)

    response = client.get(link, follow=True)
    assert response.status_code == 200
    new_password = "un-nouveau-mot-de-passe-99"
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_for_unknown_address_sends_nothing_and_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "inconnu@example.fr"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_logout_is_a_post(client, agent):
    client.force_login(agent)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_profile_lists_memberships(client, lab_lead, lab):
    client.force_login(lab_lead)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Innov&#x27;mandie</a> — responsable du laboratoire" in html
