"""Server-side request forgery: with the production rule on, a subscription may not point
at the server's own machine or private network, and a delivery is not sent to a name that
has come to resolve to one (docs/adr/0043)."""

import socket

import pytest
from django.core.exceptions import ValidationError

from labnet.webhooks.addresses import ForbiddenAddress, check_public_host
from labnet.webhooks.models import Delivery
from labnet.webhooks.services import subscription_create, webhook_emit
from tests.factories import UserFactory
from tests.webhooks.test_webhooks import Receiver

pytestmark = pytest.mark.django_db
REFUSED = (
    "Cette adresse ne mène pas à un serveur public sur internet (adresse privée, locale ou "
    "inconnue) : LabNet n'y envoie rien."
)


@pytest.fixture
def production_rule(settings):
    settings.LABNET_WEBHOOKS_ALLOW_PRIVATE = False


@pytest.fixture
def coordinator(db):
    return UserFactory(coordinator=True)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hooks",
        "http://localhost/hooks",
        "https://[::1]/hooks",
        "https://10.1.2.3/hooks",
        "https://192.168.0.10/hooks",
        "https://172.16.5.4/hooks",
        "https://100.64.0.1/hooks",
        "https://169.254.169.254/latest/meta-data/",
        "https://[fe80::1]/hooks",
        "https://[::ffff:127.0.0.1]/hooks",
        "https://0.0.0.0/hooks",
        "https://nom-qui-n-existe-pas.invalid/hooks",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(production_rule, coordinator, url):
    with pytest.raises(ValidationError) as refused:
        subscription_create(actor=coordinator, url=url, events=["project.published"])
    assert refused.value.message_dict == {"url": [REFUSED]}


def test_a_public_address_is_accepted(production_rule, coordinator):
    subscription = subscription_create(
        actor=coordinator, url="https://93.184.215.14/hooks", events=["project.published"]
    )
    assert subscription.pk is not None


def test_a_name_resolving_to_a_private_address_is_refused(production_rule, monkeypatch):
    def resolves_inside(host, port, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolves_inside)
    with pytest.raises(ForbiddenAddress):
        check_public_host("outil.exemple.fr", 443)


def test_a_delivery_to_an_address_that_became_private_is_not_sent(
    settings, coordinator, django_capture_on_commit_callbacks
):
    with Receiver() as receiver:
        subscription_create(actor=coordinator, url=receiver.url, events=["project.published"])
        settings.LABNET_WEBHOOKS_ALLOW_PRIVATE = False
        with django_capture_on_commit_callbacks(execute=True):
            webhook_emit(event="project.published", data={})
    assert receiver.received == []
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.last_error.startswith("Adresse refusée (non publique) : 127.0.0.1")


def test_the_rule_can_be_lifted_for_development_and_tests(coordinator, settings):
    settings.LABNET_WEBHOOKS_ALLOW_PRIVATE = True
    check_public_host("127.0.0.1", 8000)


def test_the_subscription_page_says_why_and_keeps_what_was_typed(
    client, production_rule, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        "/compte/webhooks/",
        {"url": "https://169.254.169.254/latest/", "events": ["project.published"], "lab": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "LabNet n&#x27;y envoie rien." in html
    assert 'value="https://169.254.169.254/latest/"' in html
