"""Registrations: places, waiting list, confirmation by link, cancellation, promotion."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from labnet.core.models import AuditEntry
from labnet.events.enums import Attendance, EventStatus, RegistrationStatus
from labnet.events.models import Registration
from labnet.events.organising import attendance_mark, event_capacity_update
from labnet.events.registrations import (
    CONFIRMATION_DELAY,
    LinkExpired,
    expired_pending_cancel,
    places_left,
    registration_cancel,
    registration_confirm,
    registration_create,
)
from tests.factories import UserFactory

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _visitor(event, n, **kwargs):
    return registration_create(
        actor=None,
        event=event,
        full_name=f"Visiteur {n}",
        email=f"visiteur{n}@exemple.gouv.fr",
        **kwargs,
    )


def test_a_signed_in_person_is_confirmed_at_once_and_told(
    agent, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=2, is_online=True, online_url="https://visio.exemple.fr/abc")

    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(actor=agent, event=event)

    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.user == agent
    assert registration.email == agent.email
    assert registration.full_name == "Agnès Agent"
    assert registration.confirmed_at is not None
    assert registration.position is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [agent.email]
    assert message.subject == f"LabNet : votre inscription à « {event.title} » est confirmée"
    # The place is theirs: the connection link is in the mail, with the cancellation link.
    assert "https://visio.exemple.fr/abc" in message.body
    assert f"/evenements/inscription/{registration.token}/annuler/" in message.body
    assert AuditEntry.objects.filter(
        action="events.registration_create", target_id=str(registration.pk)
    ).exists()


def test_a_visitor_is_pending_until_the_link_then_confirmed(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2, is_online=True, online_url="https://visio.exemple.fr/abc")

    with django_capture_on_commit_callbacks(execute=True):
        registration = _visitor(event, 1, organisation_name="Préfecture de l'Eure")

    assert registration.status == RegistrationStatus.PENDING
    assert registration.user is None
    assert registration.organisation_name == "Préfecture de l'Eure"
    assert registration.confirmed_at is None
    held_for = registration.token_expires_at - registration.created_at
    assert abs(held_for - CONFIRMATION_DELAY) < timedelta(seconds=1)
    assert [m.subject for m in mail.outbox] == [
        f"LabNet : confirmez votre inscription à « {event.title} »"
    ]
    body = mail.outbox[0].body
    assert f"/evenements/inscription/{registration.token}/confirmer/" in body
    assert "Votre place n'est réservée qu'après confirmation" in body
    # Not confirmed yet: no connection link.
    assert "https://visio.exemple.fr/abc" not in body
    # A pending registration holds no place.
    assert places_left(event) == 2

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = registration_confirm(token=registration.token)

    assert confirmed.status == RegistrationStatus.CONFIRMED
    assert confirmed.position is None
    assert confirmed.confirmed_at is not None
    assert places_left(event) == 1
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == f"LabNet : votre inscription à « {event.title} » est confirmée"
    assert "https://visio.exemple.fr/abc" in mail.outbox[1].body
    assert AuditEntry.objects.get(action="events.registration_confirm").changes == {
        "status": ["pending", "confirmed"]
    }

    # A second click changes nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = registration_confirm(token=registration.token)
    assert again.status == RegistrationStatus.CONFIRMED
    assert len(mail.outbox) == 2


def test_a_full_event_puts_people_on_the_waiting_list_in_order(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=2)
    registration_create(actor=UserFactory(), event=event)
    registration_create(actor=UserFactory(), event=event)

    with django_capture_on_commit_callbacks(execute=True):
        third = registration_create(actor=UserFactory(), event=event)
        fourth = registration_create(actor=UserFactory(), event=event)

    assert (third.status, third.position) == (RegistrationStatus.WAITING, 1)
    assert (fourth.status, fourth.position) == (RegistrationStatus.WAITING, 2)
    assert third.confirmed_at is not None
    assert [m.subject for m in mail.outbox] == [
        f"LabNet : vous êtes sur la liste d'attente de « {event.title} »"
    ] * 2
    assert "au rang 1" in mail.outbox[0].body
    assert "au rang 2" in mail.outbox[1].body
    assert places_left(event) == 0


def test_visitors_take_a_place_at_confirmation_in_the_order_they_confirm(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=1)
    early = _visitor(event, 1)
    late = _visitor(event, 2)
    # Both pending, nobody holds the place: the event is not full.
    assert (early.status, early.position, late.status, late.position) == (
        RegistrationStatus.PENDING,
        None,
        RegistrationStatus.PENDING,
        None,
    )
    assert places_left(event) == 1
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first_to_confirm = registration_confirm(token=late.token)
        second_to_confirm = registration_confirm(token=early.token)

    assert (first_to_confirm.status, first_to_confirm.position) == (
        RegistrationStatus.CONFIRMED,
        None,
    )
    assert (second_to_confirm.status, second_to_confirm.position) == (
        RegistrationStatus.WAITING,
        1,
    )
    assert second_to_confirm.confirmed_at is not None
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        (late.email, f"LabNet : votre inscription à « {event.title} » est confirmée"),
        (early.email, f"LabNet : vous êtes sur la liste d'attente de « {event.title} »"),
    ]
    assert "au rang 1" in mail.outbox[1].body
    # The address is confirmed: the mail asks for nothing more.
    assert "/confirmer/" not in mail.outbox[1].body
    assert AuditEntry.objects.get(
        action="events.registration_confirm", target_id=str(early.pk)
    ).changes == {"status": ["pending", "waiting"]}


def test_pending_visitors_never_fill_an_event_for_signed_in_people():
    event = EventFactory(capacity=2)
    for n in range(5):
        _visitor(event, n)

    person = registration_create(actor=UserFactory(), event=event)

    assert (person.status, person.position) == (RegistrationStatus.CONFIRMED, None)
    assert places_left(event) == 1


def test_cancelling_a_place_promotes_the_first_waiting_person_and_tells_them(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=1)
    first = registration_create(actor=UserFactory(), event=event)
    second = registration_create(actor=UserFactory(email="b@exemple.gouv.fr"), event=event)
    third = _visitor(event, 3)
    registration_confirm(token=third.token)  # full at confirmation: next rank
    third.refresh_from_db()
    assert (third.status, third.position) == (RegistrationStatus.WAITING, 2)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(token=first.token)

    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert first.cancelled_at is not None
    assert (second.status, second.position) == (RegistrationStatus.CONFIRMED, None)
    # The list moves up and stays numbered from 1.
    assert (third.status, third.position) == (RegistrationStatus.WAITING, 1)
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == sorted(
        [
            (first.email, f"LabNet : votre inscription à « {event.title} » est annulée"),
            ("b@exemple.gouv.fr", f"LabNet : une place s'est libérée pour « {event.title} »"),
        ]
    )
    promoted_mail = next(m for m in mail.outbox if m.to == ["b@exemple.gouv.fr"])
    assert "Votre inscription est confirmée." in promoted_mail.body
    assert AuditEntry.objects.filter(
        action="events.promote_waiting", target_id=str(second.pk)
    ).exists()

    # The link is harmless twice.
    registration_cancel(token=first.token)
    assert type(second).objects.get(pk=second.pk).status == RegistrationStatus.CONFIRMED


def test_a_pending_visitor_is_not_on_the_waiting_list_and_is_never_promoted(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=1)
    first = registration_create(actor=UserFactory(), event=event)
    pending = _visitor(event, 2)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(token=first.token)

    pending.refresh_from_db()
    assert (pending.status, pending.position) == (RegistrationStatus.PENDING, None)
    assert [m.to for m in mail.outbox] == [[first.email]]
    assert not AuditEntry.objects.filter(action="events.promote_waiting").exists()
    assert places_left(event) == 1

    confirmed = registration_confirm(token=pending.token)

    assert confirmed.status == RegistrationStatus.CONFIRMED


def test_cancelling_a_waiting_place_renumbers_the_list_and_promotes_nobody():
    event = EventFactory(capacity=1)
    registration_create(actor=UserFactory(), event=event)
    second = registration_create(actor=UserFactory(), event=event)
    third = registration_create(actor=UserFactory(), event=event)

    registration_cancel(token=second.token)

    third.refresh_from_db()
    assert (third.status, third.position) == (RegistrationStatus.WAITING, 1)
    assert not AuditEntry.objects.filter(action="events.promote_waiting").exists()


def test_an_expired_link_cancels_the_pending_registration_and_says_so():
    event = EventFactory(capacity=1)
    registration = _visitor(event, 1)
    other = registration_create(actor=UserFactory(), event=event)
    later = timezone.now() + CONFIRMATION_DELAY + timedelta(minutes=1)

    with pytest.raises(LinkExpired) as caught:
        registration_confirm(token=registration.token, now=later)

    assert caught.value.registration.pk == registration.pk
    registration.refresh_from_db()
    other.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert registration.cancelled_at == later
    # The pending registration held nothing: the signed-in person had the place all along.
    assert other.status == RegistrationStatus.CONFIRMED
    # Clicking again still says "expired", not "cancelled".
    with pytest.raises(LinkExpired):
        registration_confirm(token=registration.token, now=later)


def test_a_visitor_whose_link_expired_can_register_again():
    event = EventFactory(capacity=3)
    first = _visitor(event, 1)
    later = timezone.now() + CONFIRMATION_DELAY + timedelta(minutes=1)

    again = _visitor(event, 1, now=later)

    first.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert again.status == RegistrationStatus.PENDING
    assert again.pk != first.pk


def test_a_duplicate_registration_is_refused_with_a_message(agent):
    event = EventFactory(capacity=5)
    _visitor(event, 1)
    registration_create(actor=agent, event=event)

    with pytest.raises(ValidationError) as visitor_twice:
        registration_create(
            actor=None, event=event, full_name="Autre", email="VISITEUR1@exemple.gouv.fr"
        )
    with pytest.raises(ValidationError) as agent_twice:
        registration_create(actor=agent, event=event)

    for caught in (visitor_twice, agent_twice):
        assert caught.value.message_dict["email"] == [
            "Cette adresse est déjà inscrite à cet événement (ou sur sa liste d'attente) : "
            "retrouvez le lien d'annulation dans le courriel reçu."
        ]
        assert caught.value.error_dict["email"][0].code == "duplicate"
    assert event.registrations.count() == 2


def test_a_cancelled_person_may_register_again(agent):
    event = EventFactory(capacity=5)
    first = registration_create(actor=agent, event=event)
    registration_cancel(actor=agent, registration=first)

    again = registration_create(actor=agent, event=event)

    assert again.status == RegistrationStatus.CONFIRMED


def test_a_visitor_must_give_a_name_and_a_valid_address():
    event = EventFactory()

    with pytest.raises(ValidationError) as caught:
        registration_create(actor=None, event=event, full_name=" ", email="pas-une-adresse")

    assert caught.value.message_dict == {
        "full_name": ["Indiquez vos prénom et nom."],
        "email": ["Saisissez une adresse électronique valide, par exemple nom@exemple.fr."],
    }
    assert event.registrations.count() == 0


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"status": EventStatus.DRAFT}, "draft"),
        ({"status": EventStatus.CANCELLED}, "cancelled"),
        ({"registration_open": False}, "closed"),
        (
            {
                "starts_at": timezone.now() - timedelta(days=2),
                "ends_at": timezone.now() - timedelta(days=1),
            },
            "past",
        ),
    ],
)
def test_registrations_are_closed_unless_published_open_and_upcoming(agent, changes, reason):
    event = EventFactory(**changes)

    with pytest.raises(ValidationError) as caught:
        registration_create(actor=agent, event=event)

    assert caught.value.messages == ["Les inscriptions à cet événement sont fermées."]
    assert event.registrations.count() == 0


def test_no_limit_means_no_waiting_list():
    event = EventFactory(capacity=None)
    rows = [registration_create(actor=UserFactory(), event=event) for _ in range(4)]

    assert {row.status for row in rows} == {RegistrationStatus.CONFIRMED}
    assert places_left(event) is None


def test_only_the_person_or_the_organisers_cancel_without_the_link(agent, lab, lab_member):
    event = EventFactory(organiser_lab=lab)
    registration = registration_create(actor=agent, event=event)

    with pytest.raises(PermissionDenied):
        registration_cancel(actor=UserFactory(), registration=registration)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED

    registration_cancel(actor=lab_member, registration=registration)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_a_past_event_cannot_be_cancelled():
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    event.starts_at = timezone.now() - timedelta(hours=3)
    event.ends_at = timezone.now() - timedelta(hours=1)
    event.save()

    with pytest.raises(ValidationError) as caught:
        registration_cancel(token=registration.token)

    assert caught.value.messages == [
        "Cet événement est passé : l'inscription ne peut plus être annulée."
    ]
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_capacity_below_the_places_given_is_refused_and_keeps_everything(lab, lab_member):
    event = EventFactory(organiser_lab=lab, capacity=3)
    for _ in range(3):
        registration_create(actor=UserFactory(), event=event)

    with pytest.raises(ValidationError) as caught:
        event_capacity_update(actor=lab_member, event=event, capacity=2)

    assert caught.value.message_dict == {
        "capacity": [
            "3 personnes sont déjà inscrites : le nombre de places ne peut pas descendre sous 3."
        ]
    }
    event.refresh_from_db()
    assert event.capacity == 3
    assert event.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 3


def test_more_places_promote_people_waiting(lab, lab_member, django_capture_on_commit_callbacks):
    event = EventFactory(organiser_lab=lab, capacity=1)
    registration_create(actor=UserFactory(), event=event)
    waiting = [registration_create(actor=UserFactory(), event=event) for _ in range(3)]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        event_capacity_update(actor=lab_member, event=event, capacity=3)

    statuses = [
        (r.status, r.position)
        for r in Registration.objects.filter(pk__in=[w.pk for w in waiting]).order_by("pk")
    ]
    assert statuses == [
        (RegistrationStatus.CONFIRMED, None),
        (RegistrationStatus.CONFIRMED, None),
        (RegistrationStatus.WAITING, 1),
    ]
    assert len(mail.outbox) == 2
    assert AuditEntry.objects.filter(action="events.event_capacity_update").count() == 1


def test_only_organisers_change_the_capacity(agent):
    event = EventFactory(capacity=3)
    with pytest.raises(PermissionDenied):
        event_capacity_update(actor=agent, event=event, capacity=10)
    event.refresh_from_db()
    assert event.capacity == 3


def test_the_hourly_task_cancels_expired_pending_registrations_only():
    event = EventFactory(capacity=1)
    expired = _visitor(event, 1)
    holder = registration_create(actor=UserFactory(), event=event)
    waiting = registration_create(actor=UserFactory(), event=event)
    later = timezone.now() + CONFIRMATION_DELAY + timedelta(seconds=1)
    fresh = _visitor(event, 2, now=later - timedelta(hours=1))

    assert expired_pending_cancel(now=later) == 1
    assert expired_pending_cancel(now=later) == 0

    rows = {r.pk: (r.status, r.position) for r in Registration.objects.filter(event=event)}
    assert rows == {
        expired.pk: (RegistrationStatus.CANCELLED, None),
        holder.pk: (RegistrationStatus.CONFIRMED, None),
        # Nothing was freed: the waiting list does not move.
        waiting.pk: (RegistrationStatus.WAITING, 1),
        fresh.pk: (RegistrationStatus.PENDING, None),
    }


def test_the_organiser_marks_attendance_of_confirmed_people_only(lab, lab_member, agent):
    event = EventFactory(organiser_lab=lab, capacity=1)
    came = registration_create(actor=UserFactory(), event=event)
    waiting = registration_create(actor=UserFactory(), event=event)

    changed = attendance_mark(
        actor=lab_member,
        event=event,
        marks={came.pk: Attendance.PRESENT, waiting.pk: Attendance.PRESENT},
    )

    assert changed == 1
    came.refresh_from_db()
    waiting.refresh_from_db()
    assert came.attendance == Attendance.PRESENT
    assert waiting.attendance == ""
    assert AuditEntry.objects.filter(action="events.attendance_mark").count() == 1
    with pytest.raises(PermissionDenied):
        attendance_mark(actor=agent, event=event, marks={came.pk: Attendance.ABSENT})
    with pytest.raises(ValidationError):
        attendance_mark(actor=lab_member, event=event, marks={came.pk: "peut-être"})
    came.refresh_from_db()
    assert came.attendance == Attendance.PRESENT


def test_a_closed_event_gives_no_place_at_confirmation():
    event = EventFactory(capacity=5)
    pending = _visitor(event, 1)
    event.registration_open = False
    event.save()

    with pytest.raises(ValidationError) as caught:
        registration_confirm(token=pending.token)

    assert caught.value.messages == ["Les inscriptions à cet événement sont fermées."]
    assert caught.value.code == "closed"
    pending.refresh_from_db()
    assert (pending.status, pending.confirmed_at) == (RegistrationStatus.PENDING, None)
