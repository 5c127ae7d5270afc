"""What the trainings domain holds about a person, for the download and the erasure.

Erasure decision: enrolments that did not lead to a completion (places, waiting ranks,
cancelled ones, unfinished courses) are deleted with their attendance: they only concern
the person. Completed enrolments are kept, pointing to the anonymised account: they are
the network's count of agents trained, and the certificate number printed on a document
the person may still hold stays verifiable.
"""

from .models import Enrolment, SessionAttendance


def enrolments_export(user) -> list[dict]:
    enrolments = (
        Enrolment.objects.filter(user=user)
        .select_related("cohort__programme", "lab")
        .order_by("created_at", "pk")
    )
    attendance: dict[int, list[dict]] = {}
    rows = SessionAttendance.objects.filter(enrolment__user=user).select_related("session")
    for row in rows.order_by("session__starts_at", "pk"):
        attendance.setdefault(row.enrolment_id, []).append(
            {
                "session": row.session.title,
                "starts_at": row.session.starts_at.isoformat(),
                "present": row.present,
            }
        )
    return [
        {
            "programme": e.cohort.programme.name,
            "cohort": e.cohort.name,
            "lab": e.lab.name if e.lab else None,
            "status": e.status,
            "waiting_position": e.position,
            "enrolled_at": e.created_at.isoformat(),
            "cancelled_at": e.cancelled_at.isoformat() if e.cancelled_at else None,
            "completed_at": e.completed_at.isoformat() if e.completed_at else None,
            "certificate_number": e.certificate_number or None,
            "attendance": attendance.get(e.pk, []),
        }
        for e in enrolments
    ]


def enrolments_erase(user) -> None:
    Enrolment.objects.filter(user=user, completed_at__isnull=True).delete()
