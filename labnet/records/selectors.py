"""An agent's innovation record, read from the data it is made of.

Each source is one query whatever the person did (eight sources), plus the confirmations
and the lines shown: a record costs ten queries. Nothing is copied: when a project moves,
a training completes or an answer is accepted, the record says so the next time it is read.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from labnet.calls.enums import AnswerStatus
from labnet.calls.models import Answer
from labnet.events.enums import EventStatus
from labnet.events.models import Event
from labnet.intake.enums import RequestStatus
from labnet.intake.models import Request
from labnet.labs.models import LabContributor
from labnet.organisations.enums import CivilServiceSide
from labnet.projects.models import ProjectPerson
from labnet.resources.enums import ResourceStatus
from labnet.resources.models import Resource
from labnet.trainings.enums import EnrolmentStatus, ProgrammeKind
from labnet.trainings.models import Enrolment, SessionAttendance

from .enums import LineKind
from .models import Attestation, Confirmation, ShownLine


@dataclass
class RecordLine:
    kind: str
    pk: int
    year: int | None
    title: str
    detail: str
    url: str = ""
    # True when anyone may see what the line names (a published project sheet, a public
    # event...): only such lines can be shown on the public profile.
    public: bool = True
    confirmation: Confirmation | None = None
    shown: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"

    @property
    def kind_label(self) -> str:
        return LineKind(self.kind).label


def _year(value) -> int | None:
    return value.year if value else None


def _project_lines(user) -> list[RecordLine]:
    people = (
        ProjectPerson.objects.filter(user=user)
        .select_related("project__lead_lab")
        .order_by("project_id", "pk")
    )
    by_project: dict[int, RecordLine] = {}
    for person in people:
        project = person.project
        line = by_project.get(project.pk)
        if line is None:
            line = by_project[project.pk] = RecordLine(
                kind=LineKind.PROJECT,
                pk=project.pk,
                year=project.started_year or _year(project.created_at),
                title=project.title,
                detail="",
                url=project.get_absolute_url() if project.is_public else "",
                public=project.is_public,
                extra={
                    "roles": [],
                    "lab": project.lead_lab.name,
                    "lab_id": project.lead_lab_id,
                    "stage": project.get_stage_display(),
                },
            )
        line.extra["roles"].append(person.get_role_display())
    for line in by_project.values():
        line.detail = _("%(roles)s — %(lab)s, étape « %(stage)s »") % {
            "roles": ", ".join(line.extra["roles"]),
            "lab": line.extra["lab"],
            "stage": line.extra["stage"],
        }
    return list(by_project.values())


def _request_lines(user) -> list[RecordLine]:
    requests = (
        Request.objects.filter(author=user)
        .exclude(status=RequestStatus.DRAFT)
        .select_related("lab", "project")
        .order_by("submitted_at", "pk")
    )
    lines = []
    for request in requests:
        outcome = request.get_status_display()
        if request.project is not None:
            outcome = _("%(outcome)s : devenue le projet « %(project)s »") % {
                "outcome": outcome,
                "project": request.project.title,
            }
        lines.append(
            RecordLine(
                kind=LineKind.REQUEST,
                pk=request.pk,
                year=_year(request.submitted_at),
                title=request.title,
                detail=(f"{request.lab.name} — {outcome}" if request.lab else outcome),
                url=request.get_absolute_url(),
                public=False,
            )
        )
    return lines


def _training_lines(user) -> list[RecordLine]:
    enrolments = (
        Enrolment.objects.filter(user=user, status=EnrolmentStatus.CONFIRMED)
        .exclude(cohort__programme__kind=ProgrammeKind.CO_DEVELOPMENT)
        .select_related("cohort__programme")
        .order_by("created_at", "pk")
    )
    lines = []
    for enrolment in enrolments:
        cohort = enrolment.cohort
        done = enrolment.completed_at is not None
        lines.append(
            RecordLine(
                kind=LineKind.TRAINING,
                pk=enrolment.pk,
                year=_year(enrolment.completed_at)
                or _year(cohort.starts_on)
                or _year(enrolment.created_at),
                title=cohort.programme.name,
                detail=(
                    _("%(cohort)s — terminée, attestation n° %(number)s")
                    % {"cohort": cohort.name, "number": enrolment.certificate_number}
                    if done
                    else _("%(cohort)s — en cours") % {"cohort": cohort.name}
                ),
                url=(
                    reverse("trainings:certificate", kwargs={"enrolment_id": enrolment.pk})
                    if done
                    else cohort.get_absolute_url()
                ),
                extra={"completed": done, "certificate_number": enrolment.certificate_number},
            )
        )
    return lines


def _codevelopment_lines(user) -> list[RecordLine]:
    attended = (
        SessionAttendance.objects.filter(
            enrolment__user=user,
            present=True,
            enrolment__cohort__programme__kind=ProgrammeKind.CO_DEVELOPMENT,
        )
        .select_related("session__cohort__programme")
        .order_by("session__starts_at", "pk")
    )
    return [
        RecordLine(
            kind=LineKind.CODEVELOPMENT,
            pk=row.pk,
            year=_year(row.session.starts_at),
            title=row.session.title,
            detail=row.session.cohort.programme.name,
            url=row.session.cohort.get_absolute_url(),
        )
        for row in attended
    ]


def _event_lines(user) -> list[RecordLine]:
    events = (
        Event.objects.filter(created_by=user)
        .exclude(status__in=[EventStatus.DRAFT, EventStatus.REFUSED])
        .select_related("organiser_lab")
        .order_by("starts_at", "pk")
    )
    return [
        RecordLine(
            kind=LineKind.EVENT,
            pk=event.pk,
            year=_year(event.starts_at),
            title=event.title,
            detail=f"{event.get_format_display()} — {event.get_status_display()}",
            url=event.get_absolute_url() if event.status == EventStatus.PUBLISHED else "",
            public=event.status == EventStatus.PUBLISHED,
        )
        for event in events
    ]


def _answer_lines(user) -> list[RecordLine]:
    answers = (
        Answer.objects.filter(author=user)
        .exclude(status=AnswerStatus.DRAFT)
        .select_related("call__owner_lab")
        .order_by("submitted_at", "pk")
    )
    return [
        RecordLine(
            kind=LineKind.ANSWER,
            pk=answer.pk,
            year=_year(answer.submitted_at),
            title=answer.call.title,
            detail=answer.get_status_display(),
            url=answer.get_absolute_url(),
            public=answer.status == AnswerStatus.ACCEPTED,
        )
        for answer in answers
    ]


def _resource_lines(user) -> list[RecordLine]:
    resources = Resource.objects.filter(proposed_by=user).order_by("created_at", "pk")
    return [
        RecordLine(
            kind=LineKind.RESOURCE,
            pk=resource.pk,
            year=_year(resource.published_at) or _year(resource.created_at),
            title=resource.title,
            detail=resource.get_status_display(),
            url=resource.get_absolute_url(),
            public=resource.status == ResourceStatus.PUBLISHED,
        )
        for resource in resources
    ]


def _pool_lines(user) -> list[RecordLine]:
    pools = LabContributor.objects.filter(user=user).select_related("lab").order_by("created_at")
    return [
        RecordLine(
            kind=LineKind.POOL,
            pk=pool.pk,
            year=_year(pool.created_at),
            title=pool.lab.name,
            detail=pool.reason or _("vivier de contributeurs du laboratoire"),
            url=pool.lab.get_absolute_url(),
        )
        for pool in pools
    ]


SOURCES = [
    _project_lines,
    _request_lines,
    _training_lines,
    _codevelopment_lines,
    _event_lines,
    _answer_lines,
    _resource_lines,
    _pool_lines,
]


def record_lines(user) -> list[RecordLine]:
    """Everything `user` did in the network, newest year first, with the project
    confirmations and whether they chose to show each line on their profile."""
    if not user.is_authenticated:
        return []
    lines = [line for source in SOURCES for line in source(user)]
    confirmations = {
        c.project_id: c
        for c in Confirmation.objects.filter(user=user).select_related("confirmed_by")
    }
    shown = set(ShownLine.objects.filter(user=user).values_list("key", flat=True))
    for line in lines:
        if line.kind == LineKind.PROJECT:
            line.confirmation = confirmations.get(line.pk)
        line.shown = line.key in shown and line.public
    lines.sort(key=lambda line: (-(line.year or 0), line.kind, line.title))
    return lines


def record_by_year(lines: list[RecordLine]) -> list[tuple[int | None, list[RecordLine]]]:
    years: dict[int | None, list[RecordLine]] = defaultdict(list)
    for line in lines:
        years[line.year].append(line)
    return list(years.items())


def public_record_lines(user) -> list[RecordLine]:
    """The lines the person chose to show on their public profile (public ones only)."""
    return [line for line in record_lines(user) if line.shown]


def public_record_lines_of_profile(profile_id: int) -> list[RecordLine]:
    """The shown lines of the person whose (findable) profile is `profile_id`."""
    from labnet.accounts.models import User

    user = User.objects.filter(profile__pk=profile_id).first()
    if user is None or not ShownLine.objects.filter(user=user).exists():
        return []
    return public_record_lines(user)


def attestation_lines(attestation: Attestation) -> list[RecordLine]:
    """The attested lines that still exist, in the order of the record."""
    wanted = set(attestation.keys)
    return [line for line in record_lines(attestation.user) if line.key in wanted]


def attestation_lookup(number: str) -> Attestation | None:
    number = (number or "").strip().upper()
    if not number:
        return None
    return Attestation.objects.select_related("user").filter(number=number).first()


def lab_contributions(lab) -> list[ProjectPerson]:
    """People with an account on the lab's projects, with their confirmation if any,
    pending ones first."""
    confirmations = Confirmation.objects.filter(project__lead_lab=lab).select_related(
        "confirmed_by"
    )
    by_pair = {(c.project_id, c.user_id): c for c in confirmations}
    people = list(
        ProjectPerson.objects.filter(project__lead_lab=lab, user__isnull=False)
        .select_related("project", "user")
        .order_by("project__title", "user__full_name", "pk")
    )
    seen, rows = set(), []
    for person in people:
        if (person.project_id, person.user_id) in seen:
            continue
        seen.add((person.project_id, person.user_id))
        person.confirmation = by_pair.get((person.project_id, person.user_id))
        rows.append(person)
    rows.sort(key=lambda p: p.confirmation is not None)
    return rows


def contributors_by_year_and_side() -> list[dict]:
    """The network's count of agents who contributed to a project, per project year and
    side of the civil service (from the person's profile; "" when not stated)."""
    people = (
        ProjectPerson.objects.filter(user__isnull=False)
        .values_list(
            "user_id", "project__started_year", "user__profile__organisation__civil_service_side"
        )
        .distinct()
    )
    counts: Counter = Counter()
    seen = set()
    for user_id, year, side in people:
        if (user_id, year) in seen:
            continue
        seen.add((user_id, year))
        counts[(year, side or "")] += 1
    return [
        {
            "year": year,
            "side": side,
            "side_label": CivilServiceSide(side).label if side else _("versant non renseigné"),
            "agents": n,
        }
        for (year, side), n in sorted(counts.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1]))
    ]
