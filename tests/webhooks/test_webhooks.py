"""Webhooks: a real HTTP server on 127.0.0.1 receives signed deliveries; failures are
retried with backoff, then abandoned, and a subscription that keeps failing is paused and
its owner told."""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from labnet.core.models import AuditEntry
from labnet.webhooks import signing
from labnet.webhooks.enums import DeliveryStatus
from labnet.webhooks.models import Delivery
from labnet.webhooks.services import (
    BACKOFF,
    deliveries_due,
    subscription_create,
    subscription_resume,
    webhook_emit,
)
from tests.factories import LabFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


class Receiver:
    """An HTTP server in a thread that answers `status` and keeps what it received."""

    def __init__(self, status=204):
        self.status = status
        self.received: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def coordinator():
    return UserFactory(coordinator=True, email="cora@modernisation.gouv.fr")


@pytest.fixture
def lab():
    return LabFactory(key="innovmandie")


def _emit(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return webhook_emit(**kwargs)


def test_a_delivery_is_signed_as_standard_webhooks_says(
    coordinator, lab, django_capture_on_commit_callbacks
):
    with Receiver() as receiver:
        subscription = subscription_create(
            actor=coordinator, url=receiver.url, events=["project.published"]
        )
        (delivery,) = _emit(
            django_capture_on_commit_callbacks,
            event="project.published",
            data={"key": "guichet", "title": "Guichet unique"},
            lab=lab,
        )
    ((headers, body),) = receiver.received
    assert headers["webhook-id"] == delivery.message_id
    assert abs(int(headers["webhook-timestamp"]) - timezone.now().timestamp()) < 60
    assert headers["webhook-signature"].startswith("v1,")
    assert signing.verify(secret=subscription.secret, headers=headers, body=body)
    assert not signing.verify(secret=signing.new_secret(), headers=headers, body=body)
    assert json.loads(body)["data"] == {"key": "guichet", "title": "Guichet unique"}
    assert json.loads(body)["type"] == "project.published"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.SUCCEEDED,
        1,
        204,
    )
    assert delivery.last_duration_ms is not None


def test_only_subscribers_to_the_event_and_the_lab_receive_it(
    coordinator, lab, django_capture_on_commit_callbacks
):
    lead = MembershipFactory(lab=lab, lead=True).user
    other = LabFactory()
    with Receiver() as network, Receiver() as mine, Receiver() as other_events:
        subscription_create(actor=coordinator, url=network.url, events=["event.published"])
        subscription_create(actor=lead, url=mine.url, events=["event.published"], lab=lab)
        subscription_create(actor=coordinator, url=other_events.url, events=["request.received"])
        _emit(django_capture_on_commit_callbacks, event="event.published", data={}, lab=other)
        _emit(django_capture_on_commit_callbacks, event="event.published", data={}, lab=lab)
    assert (len(network.received), len(mine.received), len(other_events.received)) == (2, 1, 0)


def test_a_lab_lead_subscribes_only_to_their_lab(lab):
    lead = MembershipFactory(lab=lab, lead=True).user
    with pytest.raises(PermissionDenied):
        subscription_create(
            actor=lead, url="https://outil.exemple.fr/h", events=["event.published"]
        )
    with pytest.raises(PermissionDenied):
        subscription_create(
            actor=lead,
            url="https://outil.exemple.fr/h",
            events=["event.published"],
            lab=LabFactory(),
        )
    member = MembershipFactory(lab=lab).user
    with pytest.raises(PermissionDenied):
        subscription_create(
            actor=member, url="https://outil.exemple.fr/h", events=["event.published"], lab=lab
        )


def test_a_bad_address_or_event_is_refused_with_the_field(coordinator):
    with pytest.raises(ValidationError) as plain:
        subscription_create(actor=coordinator, url="http://outil.exemple.fr/h", events=["x"])
    assert list(plain.value.message_dict) == ["url"]
    with pytest.raises(ValidationError) as unknown:
        subscription_create(actor=coordinator, url="https://outil.exemple.fr/h", events=["x"])
    assert unknown.value.message_dict == {
        "events": ["Choisissez au moins un événement parmi ceux proposés."]
    }


def test_failures_are_retried_with_backoff_then_abandoned_and_the_subscription_paused(
    coordinator, lab, django_capture_on_commit_callbacks
):
    with Receiver(status=500) as receiver:
        subscription = subscription_create(
            actor=coordinator, url=receiver.url, events=["request.received"]
        )
        deliveries = [
            _emit(django_capture_on_commit_callbacks, event="request.received", data={}, lab=lab)[0]
            for _ in range(3)
        ]
        first = Delivery.objects.get(pk=deliveries[0].pk)
        assert (first.status, first.attempts, first.last_status_code) == ("pending", 1, 500)
        assert first.next_attempt_at - timezone.now() > BACKOFF[0] - datetime.timedelta(seconds=5)
        # Nothing is due yet; then each later try comes when its wait is over.
        assert deliveries_due() == 0
        later = timezone.now()
        for wait in BACKOFF:
            later += wait + datetime.timedelta(seconds=1)
            with django_capture_on_commit_callbacks(execute=True):
                assert deliveries_due(now=later) == 3
    assert len(receiver.received) == 3 * (len(BACKOFF) + 1)
    assert set(Delivery.objects.values_list("status", "attempts")) == {("failed", 6)}
    subscription.refresh_from_db()
    assert subscription.is_active is False and subscription.paused_at is not None
    (notice,) = mail.outbox
    assert notice.to == ["cora@modernisation.gouv.fr"]
    assert "est mis en pause" in notice.body
    # Paused: nothing is sent any more, until its owner resumes it.
    assert _emit(django_capture_on_commit_callbacks, event="request.received", data={}) == []
    subscription_resume(actor=coordinator, subscription=subscription)
    assert AuditEntry.objects.filter(action="webhooks.subscription_resume").count() == 1


def test_a_server_that_does_not_answer_is_an_error_not_a_crash(
    coordinator, lab, django_capture_on_commit_callbacks
):
    with Receiver() as receiver:
        url = receiver.url
    subscription_create(actor=coordinator, url=url, events=["project.published"])
    (delivery,) = _emit(django_capture_on_commit_callbacks, event="project.published", data={})
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.last_error.startswith("ConnectError")


def test_the_pages(client, coordinator, lab):
    client.force_login(coordinator)
    response = client.post(
        "/compte/webhooks/",
        {"url": "https://portail.exemple.fr/labnet", "events": ["project.published"], "lab": ""},
    )
    assert response.status_code == 302
    detail = client.get(response.headers["Location"]).content.decode()
    assert 'id="secret">whsec_' in detail
    bad = client.post("/compte/webhooks/", {"url": "pas une adresse", "events": []})
    assert bad.status_code == 400
    assert 'value="pas une adresse"' in bad.content.decode()
    agent = UserFactory()
    client.force_login(agent)
    assert client.get("/compte/webhooks/").status_code == 403
