"""The services other tools subscribe to emit their webhook event, in their transaction."""

import datetime
import json
from decimal import Decimal

import pytest

from labnet.events.coordination import event_create
from labnet.events.enums import EventStatus
from labnet.events.proposals import event_validate
from labnet.funding.services.allocations import allocation_create
from labnet.funding.services.payments import payment_record
from labnet.funding.services.transitions import allocation_transition
from labnet.intake.services.submission import request_submit
from labnet.projects.publication import project_publish
from labnet.webhooks import signing
from labnet.webhooks.models import Delivery
from labnet.webhooks.services import subscription_create
from tests.events.campaign_helpers import in_days, normandie
from tests.events.factories import CampaignFactory, EventFactory
from tests.factories import LabFactory, MembershipFactory, ProjectFactory, UserFactory
from tests.funding.factories import EnvelopeFactory
from tests.intake.helpers import draft_for
from tests.webhooks.test_webhooks import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def listening(lab, coordinator):
    lead = MembershipFactory(lab=lab, lead=True).user
    events = ["request.received", "project.published", "event.published"]
    network = subscription_create(actor=coordinator, url="https://a.exemple.fr/h", events=events)
    mine = subscription_create(actor=lead, url="https://b.exemple.fr/h", events=events, lab=lab)
    return network, mine


def _deliveries(event):
    return sorted(
        (d.subscription.url, d.payload["data"]) for d in Delivery.objects.filter(event=event)
    )


def test_a_request_sent_to_a_lab(agent, lab, listening):
    request = draft_for(agent, title="Accueil")
    sent = request_submit(actor=agent, request=request, lab=lab, version=request.version)
    data = {
        "request": str(sent.public_id),
        "lab": "innovmandie",
        "submitted_at": sent.submitted_at.isoformat(),
        "answer_due_at": sent.answer_due_at.isoformat(),
    }
    assert _deliveries("request.received") == [
        ("https://a.exemple.fr/h", data),
        ("https://b.exemple.fr/h", data),
    ]


def test_a_sheet_published(lab, lab_member, listening):
    project = ProjectFactory(
        lead_lab=lab,
        key="guichet",
        title="Guichet",
        private=True,
        # what publishing requires (projects/publication.py: the network's form)
        objective="Réduire l'attente au guichet.",
        approach="Immersion et ateliers avec les agents.",
        results="Un parcours testé.",
    )
    project_publish(actor=lab_member, project=project)
    (first, second) = _deliveries("project.published")
    assert (
        first[1]
        == second[1]
        == {
            "project": "guichet",
            "title": "Guichet",
            "lead_lab": "innovmandie",
            "url": "http://127.0.0.1:8000/projets/guichet/",
        }
    )


def test_an_event_validated_by_the_coordination(lab, coordinator, listening):
    event = EventFactory(
        campaign=CampaignFactory(key="mois"),
        organiser_lab=lab,
        status=EventStatus.PROPOSED,
        key="atelier",
        created_by=UserFactory(),
    )
    event_validate(actor=coordinator, event=event)
    assert [url for url, _data in _deliveries("event.published")] == [
        "https://a.exemple.fr/h",
        "https://b.exemple.fr/h",
    ]
    assert _deliveries("event.published")[0][1]["campaign"] == "mois"


def test_an_event_the_coordination_publishes_outside_a_campaign(lab, coordinator, listening):
    _region, department = normandie()
    data = {
        "title": "Webinaire de la coordination",
        "format": "webinar",
        "audience": "all_agents",
        "description": "Présentation du réseau.",
        "starts_at": in_days(3, 10),
        "ends_at": in_days(3, 11),
        "time_zone": "Europe/Paris",
        "is_online": False,
        "online_url": "",
        "venue": "",
        "address": "",
        "commune": "Rouen",
        "department": department,
        "organiser_lab": lab,
        "organiser_organisation": None,
        "capacity": None,
    }
    event = event_create(actor=coordinator, data=data)
    deliveries = _deliveries("event.published")
    assert [url for url, _data in deliveries] == [
        "https://a.exemple.fr/h",
        "https://b.exemple.fr/h",
    ]
    assert deliveries[0][1] == {
        "event": event.key,
        "title": "Webinaire de la coordination",
        "starts_at": event.starts_at.isoformat(),
        "organiser_lab": "innovmandie",
        "campaign": None,
        "url": f"http://127.0.0.1:8000{event.get_absolute_url()}",
    }


@pytest.fixture
def funding_listeners(lab, coordinator):
    lead = MembershipFactory(lab=lab, lead=True).user
    events = ["allocation.decided"]
    network = subscription_create(actor=coordinator, url="https://a.exemple.fr/h", events=events)
    mine = subscription_create(actor=lead, url="https://b.exemple.fr/h", events=events, lab=lab)
    other = subscription_create(
        actor=coordinator, url="https://c.exemple.fr/h", events=events, lab=LabFactory()
    )
    return network, mine, other


def _allocation_data(lab, **kwargs):
    return {
        "envelope": EnvelopeFactory(key="relance", funding_source__key="france-relance"),
        "lab": lab,
        "amount_eur": Decimal("40000.00"),
        "year": 2022,
        **kwargs,
    }


def test_an_allocation_becomes_decided_when_its_convention_is_signed(
    lab, coordinator, funding_listeners
):
    planned = allocation_create(actor=coordinator, data=_allocation_data(lab, key="alloc"))
    # Planned allocations stay internal: nothing leaves.
    assert _deliveries("allocation.decided") == []
    allocation_transition(
        actor=coordinator,
        allocation=planned,
        to="committed",
        convention_signed_on=datetime.date(2022, 3, 1),
        convention_reference="CONV-7",
    )
    data = {
        "allocation": "alloc",
        "envelope": "relance",
        "funding_source": "france-relance",
        "lab": "innovmandie",
        "project": None,
        "beneficiary_name": None,
        "amount_eur": "40000.00",
        "fte": None,
        "year": 2022,
        "status": "committed",
        "convention_signed_on": "2022-03-01",
        "url": "http://127.0.0.1:8000/financements/attributions/alloc/",
    }
    # The network's subscription and the lab's own; not another lab's.
    assert _deliveries("allocation.decided") == [
        ("https://a.exemple.fr/h", data),
        ("https://b.exemple.fr/h", data),
    ]


def test_an_allocation_created_committed_is_decided_at_once_and_paying_it_is_not_news(
    lab, coordinator, funding_listeners
):
    allocation = allocation_create(
        actor=coordinator,
        data=_allocation_data(lab, key="alloc-engagee", amount_eur=Decimal("100.00")),
        status="committed",
        convention_signed_on=datetime.date(2022, 3, 1),
        convention_reference="CONV-8",
    )
    assert len(_deliveries("allocation.decided")) == 2
    payment_record(
        actor=coordinator,
        allocation=allocation,
        paid_on=datetime.date(2022, 6, 1),
        amount_eur=Decimal("100.00"),
    )
    allocation.refresh_from_db()
    assert allocation.status == "paid"
    assert len(_deliveries("allocation.decided")) == 2


def test_a_decided_allocation_reaches_a_real_receiver_signed(
    lab, coordinator, django_capture_on_commit_callbacks
):
    with Receiver() as receiver:
        subscription = subscription_create(
            actor=coordinator, url=receiver.url, events=["allocation.decided"]
        )
        with django_capture_on_commit_callbacks(execute=True):
            allocation_create(
                actor=coordinator,
                data=_allocation_data(lab, key="alloc-recue"),
                status="committed",
                convention_signed_on=datetime.date(2023, 1, 5),
                convention_reference="CONV-9",
            )
    ((headers, body),) = receiver.received
    assert signing.verify(secret=subscription.secret, headers=headers, body=body)
    message = json.loads(body)
    assert message["type"] == "allocation.decided"
    assert (message["data"]["allocation"], message["data"]["amount_eur"]) == (
        "alloc-recue",
        "40000.00",
    )
    assert Delivery.objects.get().status == "succeeded"


def test_an_allocation_to_an_unpublished_project_names_its_lab_not_the_project(
    lab, coordinator, funding_listeners
):
    secret = ProjectFactory(lead_lab=lab, key="secret", title="Projet interne", private=True)
    allocation_create(
        actor=coordinator,
        data=_allocation_data(None, project=secret, key="alloc-projet"),
        status="committed",
        convention_signed_on=datetime.date(2022, 3, 1),
        convention_reference="CONV-10",
    )
    deliveries = _deliveries("allocation.decided")
    # The lab leads the project: its own subscription hears of it too.
    assert [url for url, _data in deliveries] == [
        "https://a.exemple.fr/h",
        "https://b.exemple.fr/h",
    ]
    assert (deliveries[0][1]["project"], deliveries[0][1]["lab"]) == (None, "innovmandie")
    assert "Projet interne" not in json.dumps(deliveries[0][1])


def test_an_event_published_by_the_coordination_reaches_a_real_receiver_signed(
    lab, coordinator, django_capture_on_commit_callbacks
):
    _region, department = normandie()
    with Receiver() as receiver:
        subscription = subscription_create(
            actor=coordinator, url=receiver.url, events=["event.published"]
        )
        with django_capture_on_commit_callbacks(execute=True):
            event = event_create(
                actor=coordinator,
                data={
                    "title": "Portes ouvertes du réseau",
                    "format": "webinar",
                    "audience": "all_agents",
                    "description": "Présentation.",
                    "starts_at": in_days(5, 10),
                    "ends_at": in_days(5, 11),
                    "time_zone": "Europe/Paris",
                    "is_online": False,
                    "online_url": "",
                    "venue": "",
                    "address": "",
                    "commune": "Caen",
                    "department": department,
                    "organiser_lab": lab,
                    "organiser_organisation": None,
                    "capacity": None,
                },
            )
    ((headers, body),) = receiver.received
    assert signing.verify(secret=subscription.secret, headers=headers, body=body)
    message = json.loads(body)
    assert (message["type"], message["data"]["event"], message["data"]["campaign"]) == (
        "event.published",
        event.key,
        None,
    )
