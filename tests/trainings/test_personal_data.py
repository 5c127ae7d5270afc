import datetime as dt

import pytest
from django.utils import timezone

from labnet.core.personal_data import sections
from labnet.trainings.models import Enrolment, SessionAttendance

from .factories import AttendanceFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def _section():
    return next(s for s in sections if s.key == "training_enrolments")


def test_export_lists_enrolments_attendance_and_certificates(agent):
    done = EnrolmentFactory(
        user=agent,
        cohort__name="CLIP — promotion 1",
        completed_at=timezone.now(),
        certificate_number="LN-2026-ABCDEF12",
    )
    attendance = AttendanceFactory(enrolment=done, session__cohort=done.cohort)
    EnrolmentFactory(user=agent, status="waiting", position=2)
    EnrolmentFactory()  # someone else's

    exported = _section().export(agent)

    assert [(e["cohort"], e["status"], e["certificate_number"]) for e in exported] == [
        ("CLIP — promotion 1", "confirmed", "LN-2026-ABCDEF12"),
        (exported[1]["cohort"], "waiting", None),
    ]
    assert exported[0]["attendance"] == [
        {
            "session": attendance.session.title,
            "starts_at": attendance.session.starts_at.isoformat(),
            "present": True,
        }
    ]
    assert exported[1]["waiting_position"] == 2


def test_erase_keeps_only_completed_enrolments(agent):
    done = EnrolmentFactory(user=agent, completed_at=timezone.now() - dt.timedelta(days=3))
    ongoing = EnrolmentFactory(user=agent)
    AttendanceFactory(enrolment=ongoing, session__cohort=ongoing.cohort)
    other = EnrolmentFactory()

    _section().erase(agent)

    assert set(Enrolment.objects.values_list("pk", flat=True)) == {done.pk, other.pk}
    assert not SessionAttendance.objects.exists()
