"""Cancelling one session: permission, audit, the people told, completion recomputed."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from labnet.core.models import AuditEntry
from labnet.trainings.models import RecurrenceException
from labnet.trainings.services.attendance import attendance_mark
from labnet.trainings.services.recurrences import (
    recurrence_create,
    sessions_generate_from_recurrence,
)
from labnet.trainings.services.sessions import session_cancel

from .factories import CohortFactory, EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(db):
    cohort = CohortFactory(
        key="clip-3", name="CLIP — promotion 3", programme__completion_rule_percent=100
    )
    now = timezone.now()
    past = [SessionFactory(cohort=cohort, starts_at=now - dt.timedelta(days=d)) for d in (9, 2)]
    future = SessionFactory(
        cohort=cohort,
        title="Séance de clôture",
        # 14:00 in Paris on 2 June 2031 (summer time: UTC+2).
        starts_at=dt.datetime(2031, 6, 2, 12, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2031, 6, 2, 15, 0, tzinfo=dt.UTC),
    )
    return cohort, past, future


def test_cancelling_a_future_session_tells_confirmed_people_and_completes_them(
    course, coordinator, django_capture_on_commit_callbacks, settings
):
    settings.LABNET_BASE_URL = "https://labnet.example.gouv.fr"
    cohort, past, future = course
    anne = EnrolmentFactory(cohort=cohort, user__email="anne@eure.gouv.fr")
    bruno = EnrolmentFactory(cohort=cohort, user__email="bruno@eure.gouv.fr")
    EnrolmentFactory(cohort=cohort, status="waiting", position=1)
    EnrolmentFactory(cohort=cohort, status="cancelled")
    for session in past:
        attendance_mark(actor=coordinator, session=session, present_enrolment_ids=[anne.pk])
    anne.refresh_from_db()
    assert anne.completed_at is None  # 2 of 3 under a 100 % rule

    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(actor=coordinator, session=future, reason="  Salle indisponible ")

    future.refresh_from_db()
    assert future.is_cancelled
    entry = AuditEntry.objects.get(action="trainings.session_cancel")
    assert entry.target_id == str(future.pk)
    assert entry.changes == {"is_cancelled": [False, True], "reason": "Salle indisponible"}
    anne.refresh_from_db()
    bruno.refresh_from_db()
    assert anne.completed_at is not None and anne.certificate_number  # now 2 of 2
    assert bruno.completed_at is None
    cancel_mails = [m for m in mail.outbox if m.subject.startswith("Séance annulée")]
    assert sorted(m.to[0] for m in cancel_mails) == ["anne@eure.gouv.fr", "bruno@eure.gouv.fr"]
    assert all(len(m.to) == 1 for m in cancel_mails)
    assert cancel_mails[0].subject == "Séance annulée : Séance de clôture"
    assert cancel_mails[0].body == (
        "Bonjour,\n\nLa séance « Séance de clôture » de « CLIP — promotion 3 », prévue le "
        "lundi 2 juin 2031 à 14:00, est annulée.\n\nMotif : Salle indisponible\n\n"
        "Les autres séances sont indiquées sur la page de la promotion : "
        "https://labnet.example.gouv.fr/formations/promotions/clip-3/\n\nL'équipe LabNet"
    )
    # Anne's completion mail; nobody else gets anything.
    assert len(mail.outbox) == 3


def test_a_session_already_held_is_cancelled_without_mail(
    course, coordinator, django_capture_on_commit_callbacks
):
    cohort, past, _future = course
    EnrolmentFactory(cohort=cohort)
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(actor=coordinator, session=past[0])
    assert mail.outbox == []
    assert AuditEntry.objects.get(action="trainings.session_cancel").changes["reason"] == ""


def test_cancel_refusals(course, coordinator, agent):
    _cohort, past, _future = course
    with pytest.raises(PermissionDenied):
        session_cancel(actor=agent, session=past[0])
    past[0].refresh_from_db()
    assert not past[0].is_cancelled
    session_cancel(actor=coordinator, session=past[0])
    with pytest.raises(ValidationError) as error:
        session_cancel(actor=coordinator, session=past[0])
    assert error.value.message_dict == {"session": ["Cette séance est déjà annulée."]}
    assert AuditEntry.objects.filter(action="trainings.session_cancel").count() == 1


def test_a_cancelled_recurring_session_stays_cancelled_when_generated_again(coordinator):
    cohort = CohortFactory()
    recurrence = recurrence_create(
        actor=coordinator,
        cohort=cohort,
        title="Co-développement",
        rule="FREQ=MONTHLY;BYDAY=2TU",
        start_date=dt.date(2031, 2, 1),
        start_time=dt.time(14, 0),
        duration_minutes=120,
        count=3,
        place="Rouen",
    )
    march = recurrence.sessions.get(occurrence_date=dt.date(2031, 3, 11))
    session_cancel(actor=coordinator, session=march)
    assert list(RecurrenceException.objects.values_list("occurrence_date", "moved_to_date")) == [
        (dt.date(2031, 3, 11), None)
    ]
    result = sessions_generate_from_recurrence(actor=coordinator, recurrence=recurrence)
    assert (result.created, result.updated, result.cancelled) == (0, 0, 0)
    march.refresh_from_db()
    assert march.is_cancelled
    assert cohort.sessions.filter(is_cancelled=False).count() == 2
