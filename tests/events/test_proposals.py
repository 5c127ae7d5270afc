"""Proposing an event to a campaign, and the coordination's three decisions."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from labnet.core.models import AuditEntry
from labnet.events.enums import EventStatus
from labnet.events.proposals import (
    event_propose,
    event_refuse,
    event_request_changes,
    event_review,
    event_update_proposal,
    event_validate,
)
from tests.events.campaign_helpers import in_days, normandie, open_campaign, proposal_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return normandie()


@pytest.fixture
def campaign():
    return open_campaign()


def _propose(agent, campaign, department, **overrides):
    return event_propose(
        actor=agent, campaign=campaign, data=proposal_data(department=department, **overrides)
    )


def _errors(exc_info) -> dict:
    return exc_info.value.message_dict


def test_an_agent_proposes_an_event_which_waits_for_the_coordination(
    agent, coordinator, campaign, place, django_capture_on_commit_callbacks
):
    region, department = place
    with django_capture_on_commit_callbacks(execute=True):
        event = _propose(agent, campaign, department)

    event.refresh_from_db()
    assert event.status == EventStatus.PROPOSED
    assert event.key == "atelier-design-des-politiques-publiques"
    assert (event.campaign, event.created_by, event.region) == (campaign, agent, region)
    assert event.starts_at == in_days(10, 9, 30)
    assert event.is_public is False
    entry = AuditEntry.objects.get(action="events.event_propose")
    assert (entry.actor, entry.target_id) == (agent, str(event.pk))
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (
            [agent.email],
            "LabNet : votre proposition « Atelier design des politiques publiques » est "
            "transmise à la coordination",
        ),
        (
            [coordinator.email],
            "LabNet : nouvelle proposition d'événement : « Atelier design des politiques "
            "publiques »",
        ),
    ]
    assert (
        "/evenements/propositions/atelier-design-des-politiques-publiques/" in mail.outbox[1].body
    )


def test_two_proposals_with_the_same_title_get_distinct_keys(agent, campaign, place):
    first = _propose(agent, campaign, place[1])
    second = _propose(agent, campaign, place[1])
    assert (first.key, second.key) == (
        "atelier-design-des-politiques-publiques",
        "atelier-design-des-politiques-publiques-2",
    )


def test_an_end_before_the_start_is_refused_on_the_end_field(agent, campaign, place):
    with pytest.raises(ValidationError) as exc_info:
        _propose(agent, campaign, place[1], ends_at=in_days(10, 8))
    assert _errors(exc_info) == {"ends_at": ["La fin doit être après le début de l'événement."]}


def test_online_needs_a_link_and_on_site_needs_a_commune(agent, campaign, place):
    with pytest.raises(ValidationError) as online:
        _propose(agent, campaign, place[1], is_online=True, online_url="")
    with pytest.raises(ValidationError) as on_site:
        _propose(agent, campaign, place[1], commune="  ")
    assert _errors(online) == {
        "online_url": ["Un événement en ligne a besoin de son lien de connexion."]
    }
    assert _errors(on_site) == {
        "commune": ["Indiquez la commune où se tient l'événement, ou cochez « en ligne »."]
    }


def test_an_online_event_keeps_no_place(agent, campaign, place):
    event = _propose(
        agent, campaign, place[1], is_online=True, online_url="https://webconf.example.fr/x"
    )
    assert (event.commune, event.department, event.region) == ("", None, None)


def test_the_event_must_be_upcoming_within_the_campaign_and_organised(agent, campaign, place):
    with pytest.raises(ValidationError) as exc_info:
        _propose(
            agent,
            campaign,
            place[1],
            title="",
            starts_at=in_days(45, 9),
            ends_at=in_days(45, 12),
            organiser_organisation=None,
        )
    errors = _errors(exc_info)
    assert errors["title"] == ["Donnez un titre à l'événement."]
    assert errors["starts_at"][0].startswith("L'événement doit se tenir pendant la campagne, du ")
    assert errors["organiser_organisation"] == [
        "Indiquez qui organise : l'un de vos laboratoires ou une administration."
    ]
    with pytest.raises(ValidationError) as past:
        _propose(agent, campaign, place[1], starts_at=in_days(-1, 9), ends_at=in_days(-1, 10))
    assert _errors(past)["starts_at"] == [
        "La date de début est passée : proposez un événement à venir."
    ]


def test_only_a_member_of_a_lab_puts_its_name_on_an_event(agent, lab, lab_member, campaign, place):
    with pytest.raises(ValidationError) as exc_info:
        _propose(agent, campaign, place[1], organiser_lab=lab)
    assert _errors(exc_info) == {
        "organiser_lab": ["Vous ne faites pas partie de l'équipe de ce laboratoire."]
    }
    event = _propose(lab_member, campaign, place[1], organiser_lab=lab)
    assert event.organiser_lab == lab


def test_a_closed_campaign_takes_no_proposal(agent, place):
    closed = open_campaign(accepts_proposals=False)
    with pytest.raises(PermissionDenied):
        _propose(agent, closed, place[1])


def _proposed(agent, campaign, place):
    return _propose(agent, campaign, place[1])


@pytest.mark.parametrize(
    ("decide", "status", "subject", "link"),
    [
        (
            event_validate,
            EventStatus.PUBLISHED,
            "LabNet : votre événement « Atelier design des politiques publiques » est publié",
            "/evenements/atelier-design-des-politiques-publiques/",
        ),
        (
            event_request_changes,
            EventStatus.CHANGES_REQUESTED,
            "LabNet : modifications demandées pour « Atelier design des politiques publiques »",
            "/evenements/mes-propositions/atelier-design-des-politiques-publiques/modifier/",
        ),
        (
            event_refuse,
            EventStatus.REFUSED,
            "LabNet : votre proposition « Atelier design des politiques publiques » n'est "
            "pas retenue",
            "/evenements/mes-propositions/",
        ),
    ],
)
def test_each_decision_is_audited_and_told_to_the_organiser(
    agent,
    coordinator,
    campaign,
    place,
    django_capture_on_commit_callbacks,
    decide,
    status,
    subject,
    link,
):
    event = _proposed(agent, campaign, place)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(actor=coordinator, event=event, message="Précisez le public attendu.")

    event.refresh_from_db()
    assert (event.status, event.review_message) == (status, "Précisez le public attendu.")
    entry = AuditEntry.objects.get(action=f"events.{decide.__name__}")
    assert entry.changes == {
        "status": ["proposed", status],
        "message": "Précisez le public attendu.",
    }
    assert [(m.to, m.subject) for m in mail.outbox] == [([agent.email], subject)]
    assert "Précisez le public attendu." in mail.outbox[0].body
    assert f"\n{settings.LABNET_BASE_URL}{link}\n" in mail.outbox[0].body


def test_asking_for_changes_or_refusing_needs_a_message(agent, coordinator, campaign, place):
    event = _proposed(agent, campaign, place)
    with pytest.raises(ValidationError) as changes:
        event_request_changes(actor=coordinator, event=event, message="  ")
    with pytest.raises(ValidationError) as refusal:
        event_refuse(actor=coordinator, event=event, message="")
    assert _errors(changes) == {
        "message": ["Dites à l'organisateur ce qu'il faut modifier : le message lui est envoyé."]
    }
    assert _errors(refusal) == {
        "message": ["Indiquez le motif du refus : il est envoyé à l'organisateur."]
    }
    event.refresh_from_db()
    assert event.status == EventStatus.PROPOSED


def test_only_the_coordination_decides(agent, lab_lead, campaign, place):
    event = _proposed(agent, campaign, place)
    for someone in (agent, lab_lead, UserFactory()):
        with pytest.raises(PermissionDenied):
            event_validate(actor=someone, event=event)
    event.refresh_from_db()
    assert event.status == EventStatus.PROPOSED
    assert not AuditEntry.objects.filter(action="events.event_validate").exists()


def test_a_decided_event_takes_no_second_decision(agent, coordinator, campaign, place):
    event = event_validate(actor=coordinator, event=_proposed(agent, campaign, place))
    with pytest.raises(ValidationError) as exc_info:
        event_refuse(actor=coordinator, event=event, message="Trop tard.")
    assert exc_info.value.error_dict["decision"][0].code == "invalid_transition"
    with pytest.raises(ValidationError) as unknown:
        event_review(actor=coordinator, event=event, decision="publish")
    assert _errors(unknown) == {"decision": ["Décision inconnue : « publish »."]}


def test_the_organiser_edits_a_proposal_sent_back_and_resubmits_it(
    agent, coordinator, campaign, place, django_capture_on_commit_callbacks
):
    event = _proposed(agent, campaign, place)
    event_request_changes(actor=coordinator, event=event, message="Ajoutez une adresse.")
    mail.outbox.clear()
    data = proposal_data(
        department=place[1],
        organisation=event.organiser_organisation,
        address="2 rue Saint-Romain",
        capacity=40,
    )
    with django_capture_on_commit_callbacks(execute=True):
        event_update_proposal(actor=agent, event=event, data=data)

    event.refresh_from_db()
    assert (event.status, event.address, event.capacity) == (
        EventStatus.PROPOSED,
        "2 rue Saint-Romain",
        40,
    )
    entry = AuditEntry.objects.get(action="events.event_update_proposal")
    assert entry.changes == {
        "address": ["7 place de la Madeleine", "2 rue Saint-Romain"],
        "capacity": [25, 40],
        "status": ["changes_requested", "proposed"],
    }
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (
            [coordinator.email],
            "LabNet : proposition corrigée à relire : « Atelier design des politiques publiques »",
        )
    ]


def test_nobody_else_edits_a_proposal_and_nobody_edits_a_decided_one(
    agent, coordinator, campaign, place
):
    event = _proposed(agent, campaign, place)
    data = proposal_data(department=place[1], organisation=event.organiser_organisation)
    with pytest.raises(PermissionDenied):
        event_update_proposal(actor=UserFactory(), event=event, data=data)
    event_validate(actor=coordinator, event=event)
    with pytest.raises(PermissionDenied):
        event_update_proposal(actor=agent, event=event, data=data)


def test_overseas_times_are_read_in_their_own_zone(agent, campaign, place):
    zone_data = proposal_data(
        department=place[1],
        time_zone="America/Guadeloupe",
        starts_at=dt.datetime.combine(
            in_days(10, 9).date(), dt.time(9), tzinfo=dt.timezone(dt.timedelta(hours=-4))
        ),
        ends_at=dt.datetime.combine(
            in_days(10, 9).date(), dt.time(11), tzinfo=dt.timezone(dt.timedelta(hours=-4))
        ),
    )
    event = event_propose(actor=agent, campaign=campaign, data=zone_data)
    local = event.starts_at.astimezone(event.zone)
    assert (event.time_zone, local.hour) == ("America/Guadeloupe", 9)
