"""Cohorts and sessions: capacity and opening, creating and cancelling a session."""

import datetime as dt

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from labnet.core.mail import email_from_template
from labnet.core.services import audit_record, model_changes
from labnet.trainings.audit import TrainingsAction

from ..enums import EnrolmentStatus
from ..models import (
    Cohort,
    RecurrenceException,
    Session,
)
from ..rules import require_can_manage_programme
from .attendance import completion_refresh
from .common import cohort_url, locked_cohort, promote_waiting, refusal


def cohort_update(*, actor, cohort: Cohort, capacity: int | None, enrolment_open: bool) -> Cohort:
    """Change the places and the opening; more places go to the waiting list first."""
    require_can_manage_programme(actor, cohort.programme)
    with transaction.atomic():
        cohort = locked_cohort(cohort)
        confirmed = cohort.enrolments.filter(status=EnrolmentStatus.CONFIRMED).count()
        if capacity is not None and capacity < confirmed:
            raise refusal(
                "capacity",
                _(
                    "%(confirmed)d personnes sont déjà inscrites : le nombre de places ne "
                    "peut pas être inférieur."
                )
                % {"confirmed": confirmed},
                "below_confirmed",
            )
        if capacity is not None and capacity < 1:
            raise refusal("capacity", _("Indiquez au moins une place, ou laissez vide."), "min")
        data = {"capacity": capacity, "enrolment_open": enrolment_open}
        changes = model_changes(cohort, data)
        for field, value in data.items():
            setattr(cohort, field, value)
        cohort.save(update_fields=[*data, "updated_at"])
        audit_record(
            actor=actor, action=TrainingsAction.COHORT_UPDATE, target=cohort, changes=changes
        )
        promote_waiting(actor=actor, cohort=cohort)
    return cohort


def _check_session_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise refusal(
            "ends_at",
            _("La fin de la séance doit être postérieure à son début."),
            "ends_before_start",
        )


def session_create(
    *,
    actor,
    cohort: Cohort,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    time_zone: str = "Europe/Paris",
    is_online: bool = False,
    online_url: str = "",
    place: str = "",
) -> Session:
    require_can_manage_programme(actor, cohort.programme)
    if not title.strip():
        raise refusal("title", _("Indiquez l'intitulé de la séance."), "required")
    _check_session_times(starts_at, ends_at)
    if not is_online and not place.strip():
        raise refusal(
            "place", _("Indiquez le lieu de la séance, ou cochez « en ligne »."), "required"
        )
    with transaction.atomic():
        session = Session.objects.create(
            cohort=cohort,
            title=title.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone=time_zone,
            is_online=is_online,
            online_url=online_url,
            place=place.strip(),
        )
        audit_record(
            actor=actor,
            action=TrainingsAction.SESSION_CREATE,
            target=session,
            changes={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
        )
        # One more session raises the number needed to complete.
        completion_refresh(actor=actor, cohort=cohort)
    return session


def session_cancel(*, actor, session: Session, reason: str = "") -> Session:
    """Cancel one session: it no longer counts for completion, and the confirmed people
    are told if it has not ended yet. Cancelling is final: there is no restore."""
    require_can_manage_programme(actor, session.cohort.programme)
    reason = reason.strip()
    with transaction.atomic():
        session = (
            Session.objects.select_for_update(of=("self",))
            .select_related("cohort__programme")
            .get(pk=session.pk)
        )
        if session.is_cancelled:
            raise refusal("session", _("Cette séance est déjà annulée."), "cancelled")
        session.is_cancelled = True
        session.save(update_fields=["is_cancelled"])
        if session.recurrence_id is not None:
            # Otherwise the next generation from the rule would bring the session back.
            RecurrenceException.objects.update_or_create(
                recurrence_id=session.recurrence_id,
                occurrence_date=session.occurrence_date,
                defaults={"moved_to_date": None, "moved_to_time": None},
            )
        audit_record(
            actor=actor,
            action=TrainingsAction.SESSION_CANCEL,
            target=session,
            changes={"is_cancelled": [False, True], "reason": reason},
        )
        cohort = session.cohort
        if session.ends_at > timezone.now():
            # A session already held needs no warning: only its count changes.
            _mail_session_cancelled(session, reason)
        completion_refresh(actor=actor, cohort=cohort)
    return session


def _mail_session_cancelled(session: Session, reason: str) -> None:
    cohort = session.cohort
    local = session.starts_at.astimezone(session.zone)
    subject = _("Séance annulée : %(session)s") % {"session": session.title}
    context = {
        "session": session,
        "cohort": cohort,
        "day": formats.date_format(local, "l j F Y"),
        "time": formats.time_format(local, "H:i"),
        "reason": reason,
        "url": cohort_url(cohort),
    }
    confirmed = cohort.enrolments.filter(status=EnrolmentStatus.CONFIRMED).select_related("user")
    # One message each: the people of a cohort do not see one another's addresses.
    for enrolment in confirmed.order_by("pk"):
        email_from_template(
            template="trainings/emails/session_cancelled.txt",
            context=context,
            subject=subject,
            to=[enrolment.user.email],
        )
