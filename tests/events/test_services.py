import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from labnet.core.models import AuditEntry
from labnet.events.enums import EventStatus, RegistrationStatus
from labnet.events.services import event_cancel

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_cancelling_an_event_tells_everyone_registered_or_waiting(
    lab, lab_member, django_capture_on_commit_callbacks
):
    event = EventFactory(organiser_lab=lab, title="Atelier")
    RegistrationFactory(event=event, email="inscrit@exemple.gouv.fr")
    RegistrationFactory(
        event=event, email="attente@exemple.gouv.fr", status=RegistrationStatus.WAITING, position=1
    )
    RegistrationFactory(event=event, email="parti@exemple.gouv.fr", status="cancelled")

    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(actor=lab_member, event=event, reason="La salle est indisponible.")

    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert event.registration_open is False
    assert sorted(m.to[0] for m in mail.outbox) == [
        "attente@exemple.gouv.fr",
        "inscrit@exemple.gouv.fr",
    ]
    assert {m.subject for m in mail.outbox} == {"LabNet : « Atelier » est annulé"}
    assert "La salle est indisponible." in mail.outbox[0].body
    assert AuditEntry.objects.get(action="events.event_cancel").changes["reason"] == (
        "La salle est indisponible."
    )


def test_cancelling_needs_a_reason_an_organiser_and_a_published_event(lab, lab_member, agent):
    event = EventFactory(organiser_lab=lab)

    with pytest.raises(PermissionDenied):
        event_cancel(actor=agent, event=event, reason="Non.")
    with pytest.raises(ValidationError) as no_reason:
        event_cancel(actor=lab_member, event=event, reason="  ")
    assert no_reason.value.message_dict == {
        "reason": ["Dites pourquoi l'événement est annulé : le message est envoyé aux inscrits."]
    }
    draft = EventFactory(organiser_lab=lab, status=EventStatus.DRAFT)
    with pytest.raises(ValidationError) as not_published:
        event_cancel(actor=lab_member, event=draft, reason="Doublon.")
    assert not_published.value.messages == [
        "Seul un événement publié peut être annulé (statut actuel : brouillon)."
    ]
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
