"""Attendance, the programme's completion rule and certificate numbers."""

import datetime as dt
import secrets

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.core.mail import email_from_template
from labnet.core.services import audit_record
from labnet.trainings.audit import TrainingsAction

from ..completion import Progress
from ..enums import EnrolmentStatus
from ..models import (
    Cohort,
    Enrolment,
    Session,
    SessionAttendance,
)
from ..rules import require_can_manage_programme
from .common import cohort_url, refusal


def attendance_mark(*, actor, session: Session, present_enrolment_ids) -> list[SessionAttendance]:
    """Note who was at `session` among its cohort's confirmed people; the others are absent."""
    cohort = session.cohort
    require_can_manage_programme(actor, cohort.programme)
    if session.is_cancelled:
        raise refusal(
            "session", _("Cette séance est annulée : on n'y note pas de présences."), "cancelled"
        )
    if session.starts_at > timezone.now():
        raise refusal(
            "session", _("Les présences se notent à partir du début de la séance."), "future"
        )
    enrolments = {e.pk: e for e in cohort.enrolments.filter(status=EnrolmentStatus.CONFIRMED)}
    present = {int(pk) for pk in present_enrolment_ids}
    strangers = present - enrolments.keys()
    if strangers:
        raise refusal(
            "present",
            _("Seules les personnes inscrites à la promotion peuvent être notées."),
            "not_enrolled",
        )
    with transaction.atomic():
        existing = {a.enrolment_id: a for a in session.attendances.all()}
        changes, rows = {}, []
        now = timezone.now()
        for pk in enrolments:
            is_present = pk in present
            row = existing.get(pk)
            if row is None:
                rows.append(
                    SessionAttendance(
                        session=session, enrolment_id=pk, present=is_present, marked_by=actor
                    )
                )
                changes[str(pk)] = is_present
            elif row.present != is_present:
                row.present, row.marked_by, row.marked_at = is_present, actor, now
                row.save(update_fields=["present", "marked_by", "marked_at"])
                changes[str(pk)] = is_present
        SessionAttendance.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action=TrainingsAction.ATTENDANCE_MARK,
            target=session,
            changes={"present": changes},
        )
        completion_refresh(actor=actor, cohort=cohort)
    return list(session.attendances.all())


def completion_refresh(*, actor, cohort: Cohort) -> list[Enrolment]:
    """Apply the programme's rule to every confirmed person of the cohort.

    Whoever reaches the threshold is marked completed and gets a certificate number (kept
    if they drop below it later and reach it again); whoever falls below it (a session
    added, an absence corrected) loses the completion, so no certificate is served for a
    course not followed. Returns the enrolments newly completed.
    """
    programme = cohort.programme
    total = cohort.sessions.filter(is_cancelled=False).count()
    enrolments = (
        cohort.enrolments.filter(status=EnrolmentStatus.CONFIRMED)
        .annotate(
            attended=Count(
                "attendances",
                filter=Q(attendances__present=True, attendances__session__is_cancelled=False),
            )
        )
        .select_related("user")
    )
    newly = []
    for enrolment in enrolments:
        progress = Progress(enrolment.attended, total, programme.completion_rule_percent)
        if progress.is_complete and enrolment.completed_at is None:
            enrolment.completed_at = timezone.now()
            enrolment.certificate_number = enrolment.certificate_number or _certificate_number(
                enrolment.completed_at
            )
            enrolment.save(update_fields=["completed_at", "certificate_number"])
            audit_record(
                actor=actor,
                action=TrainingsAction.ENROLMENT_COMPLETE,
                target=enrolment,
                changes={
                    "attended": progress.attended,
                    "total": total,
                    "certificate_number": enrolment.certificate_number,
                },
            )
            email_from_template(
                template="trainings/emails/completed.txt",
                context={
                    "attended": progress.attended,
                    "total": total,
                    "cohort": cohort,
                    "url": cohort_url(cohort),
                },
                subject=_("Attestation de formation : %(cohort)s") % {"cohort": cohort.name},
                to=[enrolment.user.email],
            )
            newly.append(enrolment)
        elif not progress.is_complete and enrolment.completed_at is not None:
            enrolment.completed_at = None
            enrolment.save(update_fields=["completed_at"])
            audit_record(
                actor=actor,
                action=TrainingsAction.ENROLMENT_UNCOMPLETE,
                target=enrolment,
                changes={"attended": progress.attended, "total": total},
            )
    return newly


def _certificate_number(when: dt.datetime) -> str:
    # 64 random bits: the public check page shows the holder's name for a number, so a
    # number must not be found by trying (32 bits would be, at a few thousand a year).
    return f"LN-{when.year}-{secrets.token_hex(8).upper()}"
