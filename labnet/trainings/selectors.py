"""Every read the trainings pages and API list, with their counts.

Counts are computed by the database (subqueries and grouped aggregates), so a page costs
the same number of queries with 2 cohorts or 200. "Enrolled" means a confirmed place,
"attending" at least one presence noted, "trained" the programme's completion rule met;
each counts people, not enrolments."""

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from labnet.labs.models import Lab

from .completion import Progress
from .enums import EnrolmentStatus
from .models import Cohort, Enrolment, Programme, Session, SessionAttendance
from .rules import can_read_enrolment, require_can_mark_attendance, require_can_see_enrolments

CONFIRMED = Q(status=EnrolmentStatus.CONFIRMED)


PRESENT = Q(attendances__present=True, attendances__session__is_cancelled=False)


TRAINED = Q(completed_at__isnull=False)


def _count(queryset: QuerySet, *, by: str, counted: str = "pk", distinct: bool = False):
    """A correlated COUNT, 0 when nothing matches (no join that multiplies outer rows)."""
    inner = queryset.order_by().values(by).annotate(n=Count(counted, distinct=distinct)).values("n")
    return Coalesce(Subquery(inner, output_field=IntegerField()), Value(0))


def _people(*, by: str, outer: str, condition: Q):
    return _count(
        Enrolment.objects.filter(condition, **{by: OuterRef(outer)}),
        by=by,
        counted="user",
        distinct=True,
    )


def _programme_counts(queryset: QuerySet[Programme]) -> QuerySet[Programme]:
    by = "cohort__programme"
    return queryset.annotate(
        cohort_count=_count(Cohort.objects.filter(programme=OuterRef("pk")), by="programme"),
        enrolled_count=_people(by=by, outer="pk", condition=CONFIRMED),
        attending_count=_people(by=by, outer="pk", condition=Q(Exists(_presences()))),
        trained_count=_people(by=by, outer="pk", condition=TRAINED),
    )


def _presences():
    return SessionAttendance.objects.filter(
        enrolment=OuterRef("pk"), present=True, session__is_cancelled=False
    )


def programme_list() -> QuerySet[Programme]:
    return _programme_counts(
        Programme.objects.select_related("organiser_organisation", "organiser_lab", "source")
    ).order_by("name", "key")


def programme_get(key: str) -> Programme:
    try:
        return programme_list().get(key=key)
    except Programme.DoesNotExist:
        raise Http404(_("Formation introuvable.")) from None


def cohort_counts(queryset: QuerySet[Cohort]) -> QuerySet[Cohort]:
    return queryset.annotate(
        confirmed_count=_count(
            Enrolment.objects.filter(CONFIRMED, cohort=OuterRef("pk")), by="cohort"
        ),
        waiting_count=_count(
            Enrolment.objects.filter(status=EnrolmentStatus.WAITING, cohort=OuterRef("pk")),
            by="cohort",
        ),
        session_count=_count(
            Session.objects.filter(cohort=OuterRef("pk"), is_cancelled=False), by="cohort"
        ),
        attending_count=_people(by="cohort", outer="pk", condition=Q(Exists(_presences()))),
        trained_count=_people(by="cohort", outer="pk", condition=TRAINED),
        first_session_at=Subquery(
            Session.objects.filter(cohort=OuterRef("pk"), is_cancelled=False)
            .order_by()
            .values("cohort")
            .annotate(first=Min("starts_at"))
            .values("first")
        ),
        last_session_at=Subquery(
            Session.objects.filter(cohort=OuterRef("pk"), is_cancelled=False)
            .order_by()
            .values("cohort")
            .annotate(last=Max("ends_at"))
            .values("last")
        ),
    )


def _member_labs() -> Prefetch:
    return Prefetch("member_labs", queryset=Lab.objects.only("id", "key", "name").order_by("name"))


def programme_cohorts(programme: Programme) -> list[Cohort]:
    """The programme's cohorts with their counts, sessions and the labs the sources name."""
    cohorts = cohort_counts(programme.cohorts.select_related("source")).prefetch_related(
        _member_labs(), Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk"))
    )
    return list(cohorts.order_by("number"))


def cohort_list(*, programme_key: str | None = None) -> QuerySet[Cohort]:
    cohorts = cohort_counts(Cohort.objects.select_related("programme")).prefetch_related(
        _member_labs()
    )
    if programme_key:
        cohorts = cohorts.filter(programme__key=programme_key)
    return cohorts.order_by("programme__name", "number", "pk")


def cohort_get(key: str) -> Cohort:
    cohort = (
        cohort_counts(
            Cohort.objects.select_related(
                "programme__organiser_lab", "programme__organiser_organisation", "source"
            )
        )
        .prefetch_related(_member_labs())
        .filter(key=key)
        .first()
    )
    if cohort is None:
        raise Http404(_("Promotion introuvable."))
    return cohort


def places_left(cohort: Cohort) -> int | None:
    if cohort.capacity is None:
        return None
    return max(cohort.capacity - cohort.confirmed_count, 0)


def cohort_sessions(cohort: Cohort) -> list[Session]:
    return list(cohort.sessions.order_by("starts_at", "pk"))


def session_list(
    *,
    cohort_id: int | None = None,
    programme_key: str | None = None,
    starts_after=None,
    starts_before=None,
) -> QuerySet[Session]:
    sessions = Session.objects.select_related("cohort__programme")
    if cohort_id is not None:
        sessions = sessions.filter(cohort_id=cohort_id)
    if programme_key:
        sessions = sessions.filter(cohort__programme__key=programme_key)
    if starts_after is not None:
        sessions = sessions.filter(starts_at__gte=starts_after)
    if starts_before is not None:
        sessions = sessions.filter(starts_at__lt=starts_before)
    return sessions.order_by("starts_at", "pk")


def _with_progress(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return enrolments.annotate(
        attended_count=_count(
            SessionAttendance.objects.filter(
                enrolment=OuterRef("pk"), present=True, session__is_cancelled=False
            ),
            by="enrolment",
        ),
        session_count=_count(
            Session.objects.filter(cohort=OuterRef("cohort_id"), is_cancelled=False), by="cohort"
        ),
    )


def progress_of(enrolment: Enrolment) -> Progress:
    """Needs an enrolment from `_with_progress` (and its programme)."""
    return Progress(
        enrolment.attended_count,
        enrolment.session_count,
        enrolment.cohort.programme.completion_rule_percent,
    )


def enrolment_of(user, cohort: Cohort) -> Enrolment | None:
    """The person's live enrolment in the cohort, or None."""
    if not user.is_authenticated:
        return None
    return (
        _with_progress(
            Enrolment.objects.filter(cohort=cohort, user=user).exclude(
                status=EnrolmentStatus.CANCELLED
            )
        )
        .select_related("cohort__programme")
        .first()
    )


def attendance_of(enrolment: Enrolment | None) -> dict[int, bool]:
    """{session id: present} for the sessions where attendance was noted."""
    if enrolment is None:
        return {}
    return dict(enrolment.attendances.values_list("session_id", "present"))


def enrolments_of(user) -> QuerySet[Enrolment]:
    """A person's own enrolments, cancelled ones included, newest first."""
    return (
        _with_progress(Enrolment.objects.filter(user=user))
        .select_related("cohort__programme", "lab")
        .order_by("-created_at", "-pk")
    )


def my_enrolments(user) -> list[Enrolment]:
    return list(enrolments_of(user))


def enrolment_for_certificate(user, enrolment_id: int) -> Enrolment:
    """The enrolment if `user` may read it (the person, the managers), else 404: whether
    someone followed a training is theirs to tell."""
    enrolment = (
        _with_progress(Enrolment.objects.filter(pk=enrolment_id))
        .select_related(
            "user",
            "lab",
            "cohort__programme__organiser_lab",
            "cohort__programme__organiser_organisation",
        )
        .annotate(
            first_session_at=Subquery(
                Session.objects.filter(cohort=OuterRef("cohort_id"), is_cancelled=False)
                .order_by("starts_at")
                .values("starts_at")[:1]
            ),
            last_session_at=Subquery(
                Session.objects.filter(cohort=OuterRef("cohort_id"), is_cancelled=False)
                .order_by("-ends_at")
                .values("ends_at")[:1]
            ),
        )
        .first()
    )
    if enrolment is None or not can_read_enrolment(user, enrolment):
        raise Http404(_("Attestation introuvable."))
    return enrolment


def certificate_enrolment(user, enrolment_id: int) -> Enrolment:
    """The enrolment whose certificate `user` downloads (404 as `enrolment_for_certificate`),
    refused, with the person's progress, until the training is completed."""
    enrolment = enrolment_for_certificate(user, enrolment_id)
    if enrolment.completed_at is None:
        progress = progress_of(enrolment)
        raise PermissionDenied(
            ngettext(
                "L'attestation n'est délivrée qu'une fois la formation terminée : "
                "%(attended)d séance suivie sur %(total)d, il en faut %(required)d.",
                "L'attestation n'est délivrée qu'une fois la formation terminée : "
                "%(attended)d séances suivies sur %(total)d, il en faut %(required)d.",
                progress.attended,
            )
            % {
                "attended": progress.attended,
                "total": progress.total,
                "required": progress.required,
            },
        )
    return enrolment


def certificate_check(number: str) -> Enrolment | None:
    """The completed enrolment whose certificate bears `number`, else None.

    Public on purpose: the holder shows the number to whoever needs to check the
    certificate, and the page shows only what the certificate itself prints. An unknown
    number, a malformed one and a completion since withdrawn all answer None alike, so
    the page reveals nothing else. Numbers are random, not sequential
    (services._certificate_number), so they cannot be walked through in order.
    """
    number = (number or "").strip().upper()
    if not number:
        return None
    return (
        _with_progress(
            Enrolment.objects.filter(certificate_number=number, completed_at__isnull=False)
        )
        .select_related("user", "cohort__programme")
        .first()
    )


def cohort_enrolments(user, cohort: Cohort) -> list[Enrolment]:
    require_can_see_enrolments(user, cohort.programme)
    return list(
        _with_progress(
            cohort.enrolments.select_related("user", "lab", "cohort__programme")
        ).order_by("status", "position", "created_at", "pk")
    )


def session_get(session_id: int) -> Session:
    session = (
        Session.objects.select_related(
            "cohort__programme__organiser_lab", "cohort__programme__organiser_organisation"
        )
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise Http404(_("Séance introuvable."))
    return session


def attendance_sheet(user, session: Session) -> list[Enrolment]:
    """The cohort's confirmed people, each with `present` (True, False or None: not noted)."""
    require_can_mark_attendance(user, session.cohort.programme)
    noted = SessionAttendance.objects.filter(session=session, enrolment=OuterRef("pk"))
    return list(
        session.cohort.enrolments.filter(CONFIRMED)
        .select_related("user")
        .annotate(
            noted=Exists(noted),
            present=Exists(noted.filter(present=True)),
        )
        .order_by("user__full_name", "user__email", "pk")
    )
