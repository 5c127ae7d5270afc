"""The services other tools subscribe to emit their webhook event, in their transaction."""

import pytest

from labnet.events.enums import EventStatus
from labnet.events.proposals import event_validate
from labnet.intake.services.submission import request_submit
from labnet.projects.publication import project_publish
from labnet.webhooks.models import Delivery
from labnet.webhooks.services import subscription_create
from tests.events.factories import CampaignFactory, EventFactory
from tests.factories import MembershipFactory, ProjectFactory, UserFactory
from tests.intake.helpers import draft_for

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
    project = ProjectFactory(lead_lab=lab, key="guichet", title="Guichet", private=True)
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
