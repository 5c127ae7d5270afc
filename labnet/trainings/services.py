"""Every write of the trainings domain: enrolments and the waiting list, attendance,
completion and certificates, cohorts' places and sessions, recurrences.

Enrolment and cancellation lock the cohort's row (`select_for_update`) for the length of
their transaction: people registering at the same moment queue on that lock, so the
count of confirmed places read after it is exact, capacity is never exceeded and the
waiting list is numbered in the order the lock was obtained.
"""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from labnet.accounts.models import Membership
from labnet.core.links import site_url
from labnet.core.mail import email_enqueue
from labnet.core.services import audit_record, model_changes

from . import recurrence as rec
from .completion import Progress
from .enums import CohortStatus, EnrolmentStatus
from .models import (
    Cohort,
    Enrolment,
    Recurrence,
    RecurrenceException,
    Session,
    SessionAttendance,
)
from .rules import can_enrol, can_manage_programme, is_enrolment_owner


def _refusal(field: str, message: str, code: str) -> ValidationError:
    """A French message on one field, with a stable code the API passes on."""
    return ValidationError({field: ValidationError(message, code=code)})


def _require_manager(actor, programme) -> None:
    if not can_manage_programme(actor, programme):
        raise PermissionDenied(
            _("Réservé à la coordination et à l'équipe du laboratoire organisateur.")
        )


def _locked_cohort(cohort: Cohort) -> Cohort:
    return Cohort.objects.select_for_update().select_related("programme").get(pk=cohort.pk)


# --- enrolment and the waiting list -----------------------------------------------------------


def enrolment_create(*, actor, cohort: Cohort) -> Enrolment:
    """Enrol `actor`: a place if one is left, else the next rank on the waiting list."""
    if not can_enrol(actor):
        raise PermissionDenied(_("Connectez-vous pour vous inscrire."))
    with transaction.atomic():
        cohort = _locked_cohort(cohort)
        if not cohort.enrolment_open or cohort.status == CohortStatus.COMPLETED:
            raise _refusal(
                "cohort", _("Les inscriptions à cette promotion ne sont pas ouvertes."), "closed"
            )
        live = cohort.enrolments.exclude(status=EnrolmentStatus.CANCELLED)
        if live.filter(user=actor).exists():
            raise _refusal("cohort", _("Vous êtes déjà inscrit à cette promotion."), "duplicate")
        counts = live.aggregate(
            confirmed=Count("pk", filter=Q(status=EnrolmentStatus.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=EnrolmentStatus.WAITING)),
        )
        has_place = cohort.capacity is None or counts["confirmed"] < cohort.capacity
        lab_id = (
            Membership.objects.filter(user=actor).order_by("pk").values_list("lab_id", flat=True)
        ).first()
        enrolment = Enrolment(cohort=cohort, user=actor, lab_id=lab_id)
        if has_place:
            enrolment.status = EnrolmentStatus.CONFIRMED
        else:
            enrolment.status = EnrolmentStatus.WAITING
            # Ranks stay 1..n (cancellations renumber), so the next one is n + 1.
            enrolment.position = counts["waiting"] + 1
        try:
            with transaction.atomic():
                enrolment.save()
        except IntegrityError:
            # The unique constraint is the last guard; the lock makes this unreachable.
            raise _refusal(
                "cohort", _("Vous êtes déjà inscrit à cette promotion."), "duplicate"
            ) from None
        audit_record(
            actor=actor,
            action="enrolment.create",
            target=enrolment,
            changes={"status": enrolment.status, "position": enrolment.position},
        )
        _mail_enrolment(enrolment)
    return enrolment


def _cohort_url(cohort: Cohort) -> str:
    # Mails are read outside the site: the link must be absolute.
    return site_url(reverse("trainings:cohort_detail", kwargs={"key": cohort.key}))


def _mail_enrolment(enrolment: Enrolment) -> None:
    cohort = enrolment.cohort
    if enrolment.status == EnrolmentStatus.CONFIRMED:
        subject = _("Inscription confirmée : %(cohort)s") % {"cohort": cohort.name}
        body = _(
            "Bonjour,\n\nVotre inscription à « %(cohort)s » est confirmée. Les séances sont "
            "indiquées sur la page de la promotion : %(url)s\n\nL'équipe LabNet"
        ) % {"cohort": cohort.name, "url": _cohort_url(cohort)}
    else:
        subject = _("Liste d'attente : %(cohort)s") % {"cohort": cohort.name}
        body = _(
            "Bonjour,\n\nLa promotion « %(cohort)s » est complète. Vous êtes inscrit sur la "
            "liste d'attente, au rang %(position)d. Nous vous écrirons si une place se "
            "libère.\n\nL'équipe LabNet"
        ) % {"cohort": cohort.name, "position": enrolment.position}
    email_enqueue(subject=subject, body=body, to=[enrolment.user.email])


def enrolment_cancel(*, actor, enrolment: Enrolment) -> Enrolment:
    """Cancel a place or a rank; a freed place goes to the first on the waiting list."""
    programme = enrolment.cohort.programme
    if not (is_enrolment_owner(actor, enrolment) or can_manage_programme(actor, programme)):
        raise PermissionDenied(_("Vous ne pouvez annuler que vos propres inscriptions."))
    with transaction.atomic():
        cohort = _locked_cohort(enrolment.cohort)
        enrolment = Enrolment.objects.select_related("user").get(pk=enrolment.pk)
        if enrolment.status == EnrolmentStatus.CANCELLED:
            raise _refusal("enrolment", _("Cette inscription est déjà annulée."), "cancelled")
        if enrolment.completed_at is not None:
            raise _refusal(
                "enrolment",
                _("Cette formation est terminée : l'inscription ne peut plus être annulée."),
                "completed",
            )
        was = enrolment.status
        old_position = enrolment.position
        enrolment.status = EnrolmentStatus.CANCELLED
        enrolment.position = None
        enrolment.cancelled_at = timezone.now()
        enrolment.save(update_fields=["status", "position", "cancelled_at"])
        audit_record(
            actor=actor,
            action="enrolment.cancel",
            target=enrolment,
            changes={"status": [was, EnrolmentStatus.CANCELLED]},
        )
        if was == EnrolmentStatus.WAITING:
            _close_gap(cohort, old_position)
        else:
            _promote_waiting(actor=actor, cohort=cohort)
    return enrolment


def _close_gap(cohort: Cohort, position: int) -> None:
    """Keep waiting ranks 1..n after someone leaves the list."""
    cohort.enrolments.filter(status=EnrolmentStatus.WAITING, position__gt=position).update(
        position=F("position") - 1
    )


def _promote_waiting(*, actor, cohort: Cohort) -> list[Enrolment]:
    """Give free places to the first on the waiting list, in order; the cohort is locked."""
    confirmed = cohort.enrolments.filter(status=EnrolmentStatus.CONFIRMED).count()
    free = None if cohort.capacity is None else cohort.capacity - confirmed
    waiting = cohort.enrolments.filter(status=EnrolmentStatus.WAITING).select_related("user")
    ordered = waiting.order_by("position", "pk")
    promoted = list(ordered if free is None else ordered[: max(free, 0)])
    for enrolment in promoted:
        enrolment.status = EnrolmentStatus.CONFIRMED
        enrolment.position = None
        enrolment.save(update_fields=["status", "position"])
        audit_record(
            actor=actor,
            action="enrolment.promote",
            target=enrolment,
            changes={"status": [EnrolmentStatus.WAITING, EnrolmentStatus.CONFIRMED]},
        )
        email_enqueue(
            subject=_("Une place s'est libérée : %(cohort)s") % {"cohort": cohort.name},
            body=_(
                "Bonjour,\n\nUne place s'est libérée dans « %(cohort)s » : votre inscription "
                "est confirmée. Les séances sont indiquées sur la page de la promotion : "
                "%(url)s\n\nSi vous ne pouvez plus venir, annulez votre inscription sur cette "
                "page pour laisser la place à la personne suivante.\n\nL'équipe LabNet"
            )
            % {"cohort": cohort.name, "url": _cohort_url(cohort)},
            to=[enrolment.user.email],
        )
    if promoted:
        cohort.enrolments.filter(status=EnrolmentStatus.WAITING).update(
            position=F("position") - len(promoted)
        )
    return promoted


# --- cohorts and sessions -------------------------------------------------------------------


def cohort_update(*, actor, cohort: Cohort, capacity: int | None, enrolment_open: bool) -> Cohort:
    """Change the places and the opening; more places go to the waiting list first."""
    _require_manager(actor, cohort.programme)
    with transaction.atomic():
        cohort = _locked_cohort(cohort)
        confirmed = cohort.enrolments.filter(status=EnrolmentStatus.CONFIRMED).count()
        if capacity is not None and capacity < confirmed:
            raise _refusal(
                "capacity",
                _(
                    "%(confirmed)d personnes sont déjà inscrites : le nombre de places ne "
                    "peut pas être inférieur."
                )
                % {"confirmed": confirmed},
                "below_confirmed",
            )
        if capacity is not None and capacity < 1:
            raise _refusal("capacity", _("Indiquez au moins une place, ou laissez vide."), "min")
        data = {"capacity": capacity, "enrolment_open": enrolment_open}
        changes = model_changes(cohort, data)
        for field, value in data.items():
            setattr(cohort, field, value)
        cohort.save(update_fields=[*data, "updated_at"])
        audit_record(actor=actor, action="cohort.update", target=cohort, changes=changes)
        _promote_waiting(actor=actor, cohort=cohort)
    return cohort


def _check_session_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise _refusal(
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
    _require_manager(actor, cohort.programme)
    if not title.strip():
        raise _refusal("title", _("Indiquez l'intitulé de la séance."), "required")
    _check_session_times(starts_at, ends_at)
    if not is_online and not place.strip():
        raise _refusal(
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
            action="session.create",
            target=session,
            changes={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
        )
        # One more session raises the number needed to complete.
        completion_refresh(actor=actor, cohort=cohort)
    return session


def session_cancel(*, actor, session: Session, reason: str = "") -> Session:
    """Cancel one session: it no longer counts for completion, and the confirmed people
    are told if it has not ended yet. Cancelling is final: there is no restore."""
    _require_manager(actor, session.cohort.programme)
    reason = reason.strip()
    with transaction.atomic():
        session = (
            Session.objects.select_for_update(of=("self",))
            .select_related("cohort__programme")
            .get(pk=session.pk)
        )
        if session.is_cancelled:
            raise _refusal("session", _("Cette séance est déjà annulée."), "cancelled")
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
            action="session.cancel",
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
    body = _(
        "Bonjour,\n\nLa séance « %(session)s » de « %(cohort)s », prévue le %(day)s à "
        "%(time)s, est annulée."
    ) % {
        "session": session.title,
        "cohort": cohort.name,
        "day": formats.date_format(local, "l j F Y"),
        "time": formats.time_format(local, "H:i"),
    }
    if reason:
        body += "\n\n" + _("Motif : %(reason)s") % {"reason": reason}
    body += "\n\n" + _(
        "Les autres séances sont indiquées sur la page de la promotion : %(url)s\n\nL'équipe LabNet"
    ) % {"url": _cohort_url(cohort)}
    confirmed = cohort.enrolments.filter(status=EnrolmentStatus.CONFIRMED).select_related("user")
    # One message each: the people of a cohort do not see one another's addresses.
    for enrolment in confirmed.order_by("pk"):
        email_enqueue(subject=subject, body=body, to=[enrolment.user.email])


# --- recurrences ----------------------------------------------------------------------------


def recurrence_create(
    *,
    actor,
    cohort: Cohort,
    title: str,
    rule: str,
    start_date: dt.date,
    start_time: dt.time,
    duration_minutes: int,
    time_zone: str = "Europe/Paris",
    until: dt.date | None = None,
    count: int | None = None,
    is_online: bool = False,
    place: str = "",
    excluded_dates: tuple[dt.date, ...] = (),
) -> Recurrence:
    """Store a rule (and the dates it skips), then generate its sessions."""
    _require_manager(actor, cohort.programme)
    if not title.strip():
        raise _refusal("title", _("Indiquez l'intitulé des séances."), "required")
    if duration_minutes is None or duration_minutes < 1:
        raise _refusal("duration_minutes", _("Indiquez une durée d'au moins une minute."), "min")
    rule = rule.strip().removeprefix("RRULE:").strip().upper()
    # Validate before writing anything: an invalid rule leaves no trace.
    planned = rec.occurrences(
        rule=rule,
        start_date=start_date,
        start_time=start_time,
        duration_minutes=duration_minutes,
        time_zone=time_zone,
        until=until,
        count=count,
    )
    planned_dates = {o.occurrence_date for o in planned}
    strays = sorted(set(excluded_dates) - planned_dates)
    if strays:
        raise _refusal(
            "excluded_dates",
            _("Ces dates ne sont pas des séances de la règle : %(dates)s.")
            % {"dates": ", ".join(d.strftime("%d/%m/%Y") for d in strays)},
            "not_an_occurrence",
        )
    with transaction.atomic():
        recurrence = Recurrence.objects.create(
            cohort=cohort,
            title=title.strip(),
            rule=rule,
            start_date=start_date,
            start_time=start_time,
            duration_minutes=duration_minutes,
            time_zone=time_zone,
            until=until,
            count=count,
            is_online=is_online,
            place=place.strip(),
        )
        RecurrenceException.objects.bulk_create(
            RecurrenceException(recurrence=recurrence, occurrence_date=day)
            for day in sorted(set(excluded_dates))
        )
        audit_record(
            actor=actor,
            action="recurrence.create",
            target=recurrence,
            changes={"rule": rule, "excluded": [d.isoformat() for d in sorted(excluded_dates)]},
        )
        sessions_generate_from_recurrence(actor=actor, recurrence=recurrence)
    return recurrence


def recurrence_exception_set(
    *,
    actor,
    recurrence: Recurrence,
    occurrence_date: dt.date,
    moved_to: dt.datetime | None = None,
) -> RecurrenceException:
    """Skip one occurrence, or move it to `moved_to` (naive local wall time), and regenerate."""
    _require_manager(actor, recurrence.cohort.programme)
    dates = {o.occurrence_date for o in _occurrences(recurrence, with_exceptions=False)}
    if occurrence_date not in dates:
        raise _refusal(
            "occurrence_date",
            _("Cette date n'est pas une séance de la récurrence."),
            "not_an_occurrence",
        )
    with transaction.atomic():
        exception, _created = RecurrenceException.objects.update_or_create(
            recurrence=recurrence,
            occurrence_date=occurrence_date,
            defaults={
                "moved_to_date": moved_to.date() if moved_to else None,
                "moved_to_time": moved_to.time() if moved_to else None,
            },
        )
        audit_record(
            actor=actor,
            action="recurrence.exception",
            target=recurrence,
            changes={
                "occurrence_date": occurrence_date.isoformat(),
                "moved_to": moved_to.isoformat() if moved_to else None,
            },
        )
        sessions_generate_from_recurrence(actor=actor, recurrence=recurrence)
    return exception


def _occurrences(recurrence: Recurrence, *, with_exceptions: bool = True) -> list[rec.Occurrence]:
    excluded, moved = [], {}
    if with_exceptions:
        for exception in recurrence.exceptions.all():
            if exception.moved_to_date:
                moved[exception.occurrence_date] = dt.datetime.combine(
                    exception.moved_to_date, exception.moved_to_time or recurrence.start_time
                )
            else:
                excluded.append(exception.occurrence_date)
    return rec.occurrences(
        rule=recurrence.rule,
        start_date=recurrence.start_date,
        start_time=recurrence.start_time,
        duration_minutes=recurrence.duration_minutes,
        time_zone=recurrence.time_zone,
        until=recurrence.until,
        count=recurrence.count,
        excluded=tuple(excluded),
        moved=moved,
    )


@dataclass(frozen=True)
class GenerationResult:
    created: int
    updated: int
    cancelled: int


def sessions_generate_from_recurrence(*, actor, recurrence: Recurrence) -> GenerationResult:
    """Make the recurrence's sessions match its rule and exceptions; running it again
    changes nothing. An occurrence that is no longer wanted is cancelled, not deleted, so
    the attendance noted at it is kept."""
    _require_manager(actor, recurrence.cohort.programme)
    wanted = {o.occurrence_date: o for o in _occurrences(recurrence)}
    with transaction.atomic():
        existing = {s.occurrence_date: s for s in recurrence.sessions.all()}
        new, changed, cancelled = [], [], []
        for day, occurrence in wanted.items():
            session = existing.get(day)
            if session is None:
                new.append(
                    Session(
                        cohort_id=recurrence.cohort_id,
                        recurrence=recurrence,
                        occurrence_date=day,
                        title=recurrence.title,
                        starts_at=occurrence.starts_at,
                        ends_at=occurrence.ends_at,
                        time_zone=recurrence.time_zone,
                        is_online=recurrence.is_online,
                        place=recurrence.place,
                    )
                )
            elif (
                session.starts_at != occurrence.starts_at
                or session.ends_at != occurrence.ends_at
                or session.is_cancelled
            ):
                session.starts_at, session.ends_at = occurrence.starts_at, occurrence.ends_at
                session.is_cancelled = False
                changed.append(session)
        for day, session in existing.items():
            if day not in wanted and not session.is_cancelled:
                session.is_cancelled = True
                cancelled.append(session)
        Session.objects.bulk_create(new)
        Session.objects.bulk_update(
            [*changed, *cancelled], ["starts_at", "ends_at", "is_cancelled"]
        )
        result = GenerationResult(len(new), len(changed), len(cancelled))
        if new or changed or cancelled:
            audit_record(
                actor=actor,
                action="recurrence.generate",
                target=recurrence,
                changes={
                    "created": result.created,
                    "updated": result.updated,
                    "cancelled": result.cancelled,
                },
            )
            completion_refresh(actor=actor, cohort=recurrence.cohort)
    return result


# --- attendance, completion and certificates -----------------------------------------------


def attendance_mark(*, actor, session: Session, present_enrolment_ids) -> list[SessionAttendance]:
    """Note who was at `session` among its cohort's confirmed people; the others are absent."""
    cohort = session.cohort
    _require_manager(actor, cohort.programme)
    if session.is_cancelled:
        raise _refusal(
            "session", _("Cette séance est annulée : on n'y note pas de présences."), "cancelled"
        )
    if session.starts_at > timezone.now():
        raise _refusal(
            "session", _("Les présences se notent à partir du début de la séance."), "future"
        )
    enrolments = {e.pk: e for e in cohort.enrolments.filter(status=EnrolmentStatus.CONFIRMED)}
    present = {int(pk) for pk in present_enrolment_ids}
    strangers = present - enrolments.keys()
    if strangers:
        raise _refusal(
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
            actor=actor, action="attendance.mark", target=session, changes={"present": changes}
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
                action="enrolment.complete",
                target=enrolment,
                changes={
                    "attended": progress.attended,
                    "total": total,
                    "certificate_number": enrolment.certificate_number,
                },
            )
            email_enqueue(
                subject=_("Attestation de formation : %(cohort)s") % {"cohort": cohort.name},
                body=_(
                    "Bonjour,\n\nVous avez suivi %(attended)d séances sur %(total)d de "
                    "« %(cohort)s » : la formation est terminée. Votre attestation est "
                    "disponible sur la page de la promotion : %(url)s\n\nL'équipe LabNet"
                )
                % {
                    "attended": progress.attended,
                    "total": total,
                    "cohort": cohort.name,
                    "url": _cohort_url(cohort),
                },
                to=[enrolment.user.email],
            )
            newly.append(enrolment)
        elif not progress.is_complete and enrolment.completed_at is not None:
            enrolment.completed_at = None
            enrolment.save(update_fields=["completed_at"])
            audit_record(
                actor=actor,
                action="enrolment.uncomplete",
                target=enrolment,
                changes={"attended": progress.attended, "total": total},
            )
    return newly


def _certificate_number(when: dt.datetime) -> str:
    # 64 random bits: the public check page shows the holder's name for a number, so a
    # number must not be found by trying (32 bits would be, at a few thousand a year).
    return f"LN-{when.year}-{secrets.token_hex(8).upper()}"
