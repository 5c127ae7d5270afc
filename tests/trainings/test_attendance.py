"""Attendance per session, the completion rule and the certificate number."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from labnet.core.models import AuditEntry
from labnet.trainings import selectors
from labnet.trainings.certificate import certificate_pdf
from labnet.trainings.completion import Progress, sessions_required
from labnet.trainings.models import SessionAttendance
from labnet.trainings.services.attendance import attendance_mark
from labnet.trainings.services.sessions import session_cancel, session_create
from tests.factories import UserFactory

from .factories import CohortFactory, EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("total", "percent", "required"), [(3, 60, 2), (3, 80, 3), (10, 80, 8), (5, 100, 5), (0, 80, 0)]
)
def test_the_threshold_is_rounded_up(total, percent, required):
    assert sessions_required(total=total, percent=percent) == required


def test_no_session_means_no_completion():
    assert not Progress(0, 0, 80).is_complete


@pytest.fixture
def course(db):
    cohort = CohortFactory(
        programme__completion_rule_percent=60, name="CLIP — promotion 3", capacity=5
    )
    now = timezone.now()
    sessions = [
        SessionFactory(cohort=cohort, starts_at=now - dt.timedelta(days=d)) for d in (10, 5)
    ] + [SessionFactory(cohort=cohort, starts_at=now + dt.timedelta(days=5))]
    return cohort, sessions


def test_reaching_the_rule_completes_and_numbers_the_certificate(
    course, coordinator, django_capture_on_commit_callbacks
):
    cohort, (first, second, _future) = course
    agent = UserFactory(email="agnes@exemple.gouv.fr", full_name="Agnès Agent")
    other = EnrolmentFactory(cohort=cohort)
    enrolment = EnrolmentFactory(cohort=cohort, user=agent)

    attendance_mark(actor=coordinator, session=first, present_enrolment_ids=[enrolment.pk])
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None

    with django_capture_on_commit_callbacks(execute=True):
        attendance_mark(
            actor=coordinator, session=second, present_enrolment_ids=[str(enrolment.pk)]
        )

    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert enrolment.certificate_number.startswith(f"LN-{enrolment.completed_at.year}-")
    assert len(enrolment.certificate_number) == len("LN-2026-") + 16
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("Attestation de formation : CLIP — promotion 3", ["agnes@exemple.gouv.fr"])
    ]
    assert "2 séances sur 3" in mail.outbox[0].body
    # The other person is noted absent at both sessions.
    assert list(
        SessionAttendance.objects.filter(enrolment=other).values_list("present", flat=True)
    ) == [False, False]
    assert AuditEntry.objects.filter(
        action="trainings.enrolment_complete", target_id=str(enrolment.pk)
    )


def test_correcting_an_absence_withdraws_the_completion(course, coordinator):
    cohort, (first, second, _future) = course
    enrolment = EnrolmentFactory(cohort=cohort)
    attendance_mark(actor=coordinator, session=first, present_enrolment_ids=[enrolment.pk])
    attendance_mark(actor=coordinator, session=second, present_enrolment_ids=[enrolment.pk])
    enrolment.refresh_from_db()
    number = enrolment.certificate_number

    attendance_mark(actor=coordinator, session=second, present_enrolment_ids=[])
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None

    attendance_mark(actor=coordinator, session=second, present_enrolment_ids=[enrolment.pk])
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert enrolment.certificate_number == number


def test_a_new_session_raises_the_bar(course, coordinator):
    cohort, (first, second, _future) = course
    cohort.programme.completion_rule_percent = 60
    enrolment = EnrolmentFactory(cohort=cohort)
    for session in (first, second):
        attendance_mark(actor=coordinator, session=session, present_enrolment_ids=[enrolment.pk])
    start = timezone.now() + dt.timedelta(days=20)
    session_create(
        actor=coordinator,
        cohort=cohort,
        title="Séance ajoutée",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Paris",
    )
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None  # 2 of 4 is under 60 %


def test_a_cancelled_session_counts_for_nobody(course, coordinator):
    cohort, (first, second, future) = course
    cohort.programme.completion_rule_percent = 100
    cohort.programme.save()
    enrolment = EnrolmentFactory(cohort=cohort)
    for session in (first, second):
        attendance_mark(actor=coordinator, session=session, present_enrolment_ids=[enrolment.pk])
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    session_cancel(actor=coordinator, session=future)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def test_attendance_refusals(course, coordinator, agent):
    cohort, (first, _second, future) = course
    enrolment = EnrolmentFactory(cohort=cohort)
    stranger = EnrolmentFactory()
    with pytest.raises(PermissionDenied):
        attendance_mark(actor=agent, session=first, present_enrolment_ids=[enrolment.pk])
    with pytest.raises(ValidationError) as error:
        attendance_mark(actor=coordinator, session=future, present_enrolment_ids=[])
    assert error.value.message_dict == {
        "session": ["Les présences se notent à partir du début de la séance."]
    }
    with pytest.raises(ValidationError) as error:
        attendance_mark(actor=coordinator, session=first, present_enrolment_ids=[stranger.pk])
    assert error.value.message_dict == {
        "present": ["Seules les personnes inscrites à la promotion peuvent être notées."]
    }
    assert not SessionAttendance.objects.exists()


def test_session_end_before_start_is_refused(coordinator):
    cohort = CohortFactory()
    start = timezone.now()
    with pytest.raises(ValidationError) as error:
        session_create(
            actor=coordinator,
            cohort=cohort,
            title="Séance",
            starts_at=start,
            ends_at=start - dt.timedelta(hours=1),
            place="Paris",
        )
    assert error.value.message_dict == {
        "ends_at": ["La fin de la séance doit être postérieure à son début."]
    }
    assert not cohort.sessions.exists()


def test_certificate_pdf_holds_the_name_and_the_numbers(course, coordinator):
    cohort, (first, second, _future) = course
    cohort.programme.name = "CLIP – Conduire un laboratoire d’innovation publique"
    cohort.programme.save()
    agent = UserFactory(full_name="Agnès Œillet-Dupré")
    enrolment = EnrolmentFactory(cohort=cohort, user=agent)
    for session in (first, second):
        attendance_mark(actor=coordinator, session=session, present_enrolment_ids=[enrolment.pk])
    enrolment = selectors.enrolment_for_certificate(agent, enrolment.pk)

    pdf = certificate_pdf(
        enrolment, progress=selectors.progress_of(enrolment), issued_on=dt.date(2026, 3, 2)
    )

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Agnès OEillet-Dupré" in text
    assert "CLIP - Conduire un laboratoire d'innovation publique" in text
    assert "2 sur 3" in text
    assert "au moins 60 % des séances (2 sur 3)" in text
    assert "2 mars 2026" in text
    assert enrolment.certificate_number in text
