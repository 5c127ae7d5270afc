"""The network's daily work at national scale, on top of `benchmarks.generate`'s catalogue,
people and events: lab teams and a coordinator, project journals (2,000,000 entries, as
docs/scale.md says), requests in lab inboxes with their history, the shared library's
resources, and calls with their questions, answers and reviews.

Rows go in through `benchmarks.bulk.insert_rows` (COPY on PostgreSQL, executemany on
SQLite): seeded, so two runs give the same data. One lab, `bench-lab-0`, is made the
heaviest on purpose (2,000 more projects, the fullest inbox, the call with most answers,
the project with the longest journal), as the busiest lab of a real network would be;
`benchmarks.run` still finds the heaviest objects by querying, not by name.
"""

import datetime as dt
import random
import time

from django.db import transaction
from django.utils import timezone

from labnet.accounts.enums import LabRole
from labnet.accounts.models import Membership, User
from labnet.calls.enums import AnswerStatus, CallKind, CallStatus, QuestionKind
from labnet.calls.models import (
    Answer,
    Call,
    CallCriterion,
    CallQuestion,
    CallReviewer,
    Review,
    ReviewScore,
)
from labnet.intake import stats_store
from labnet.intake.enums import RequestChannel, RequestEventKind, RequestStatus
from labnet.intake.models import Request, RequestEvent
from labnet.labs.models import Lab, Theme
from labnet.projects.enums import ActivityKind, ProjectRole
from labnet.projects.models import Activity, Project, ProjectPerson
from labnet.resources.enums import Licence, ResourceKind, ResourceStatus
from labnet.resources.models import Resource, ResourceTag

from .bulk import Decimal, at, ids, insert_rows

BUSIEST_LAB = "bench-lab-0"
PASSWORD = "mot-de-passe-solide-42"  # noqa: S105 (the generated accounts only)
LEAD_EMAIL = "bench-lead@example.org"
MEMBER_EMAIL = "bench-member@example.org"
COORDINATOR_EMAIL = "bench-coordinator@example.org"
EXTRA_BUSIEST_PROJECTS = 2_000
LONGEST_JOURNAL = 5_000
FULLEST_INBOX = 3_000
BIGGEST_CALL_ANSWERS = 2_000
OPEN_DAYS = 45

WORDS = [
    "atelier",
    "usagers",
    "délais",
    "accueil",
    "dossiers",
    "numérique",
    "données",
    "simplification",
    "agents",
    "formation",
    "démarches",
    "mobilité",
    "santé",
    "emploi",
    "entretien",
    "prototype",
    "test",
    "restitution",
    "parcours",
    "guichet",
    "courrier",
    "territoire",
    "collectivité",
    "préfecture",
]


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def clear() -> None:
    """The bench rows of this module only, children first, with raw deletes."""
    bench_calls = Call.objects.filter(key__startswith="bench-")
    answers = Answer.objects.filter(call__in=bench_calls)
    ReviewScore.objects.filter(review__answer__in=answers)._raw_delete("default")
    Review.objects.filter(answer__in=answers)._raw_delete("default")
    answers._raw_delete("default")
    for model in (CallQuestion, CallCriterion, CallReviewer):
        model.objects.filter(call__in=bench_calls)._raw_delete("default")
    bench_calls._raw_delete("default")
    bench_resources = Resource.objects.filter(key__startswith="bench-")
    Resource.tags.through.objects.filter(resource__in=bench_resources)._raw_delete("default")
    Resource.themes.through.objects.filter(resource__in=bench_resources)._raw_delete("default")
    bench_resources._raw_delete("default")
    ResourceTag.objects.filter(name__startswith="bench-")._raw_delete("default")
    bench_requests = Request.objects.filter(title__startswith="[bench]")
    RequestEvent.objects.filter(request__in=bench_requests)._raw_delete("default")
    bench_requests._raw_delete("default")
    bench_projects = Project.objects.filter(key__startswith="bench-")
    Activity.objects.filter(project__in=bench_projects)._raw_delete("default")
    ProjectPerson.objects.filter(project__in=bench_projects)._raw_delete("default")
    Membership.objects.filter(lab__key__startswith="bench-")._raw_delete("default")


def _roles(lab) -> dict[str, int]:
    """A lead and a member of the busiest lab, a coordinator; two more members in every
    bench lab (teams are what the workspace pages list)."""
    users = {}
    for email, name, coordinator in (
        (LEAD_EMAIL, "Léa RESPONSABLE", False),
        (MEMBER_EMAIL, "Marc MEMBRE", False),
        (COORDINATOR_EMAIL, "Claire COORDINATRICE", True),
    ):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, full_name=name, password=PASSWORD, is_coordinator=coordinator
            )
        users[email] = user.pk
    Membership.objects.create(user_id=users[LEAD_EMAIL], lab=lab, role=LabRole.LEAD)
    Membership.objects.create(user_id=users[MEMBER_EMAIL], lab=lab, role=LabRole.MEMBER)
    return users


def generate_work(
    *,
    journal: int = 2_000_000,
    requests: int = 50_000,
    resources: int = 5_000,
    calls: int = 400,
    answers: int = 20_000,
    seed: int = 2026,
) -> None:
    rng = random.Random(seed + 3)
    lab = Lab.objects.get(key=BUSIEST_LAB)
    lab_ids = ids(Lab, key__startswith="bench-lab-")
    project_ids = ids(Project, key__startswith="bench-project-")
    people = ids(User, email__startswith="bench-person-")
    with transaction.atomic():
        step = time.perf_counter()
        clear()
        users = _roles(lab)
        # Teams: two members in each bench lab (the busiest has its lead and member too).
        taken = set()
        rows = []
        for lab_id in lab_ids:
            for person in rng.sample(people, 2):
                if (person, lab_id) not in taken:
                    taken.add((person, lab_id))
                    rows.append((person, lab_id, LabRole.MEMBER.value, at(dt.date(2024, 1, 2))))
        insert_rows(Membership, ["user_id", "lab_id", "role", "created_at"], rows)
        # The busiest lab leads 2,000 more projects (about 2,100 in all, 20 times the mean).
        moved = rng.sample(project_ids, min(EXTRA_BUSIEST_PROJECTS, len(project_ids) // 5))
        for start in range(0, len(moved), 500):
            Project.objects.filter(pk__in=moved[start : start + 500]).update(lead_lab=lab)
        busiest_projects = sorted(Project.objects.filter(lead_lab=lab).values_list("pk", flat=True))
        heaviest = busiest_projects[0]
        insert_rows(
            ProjectPerson,
            ["project_id", "user_id", "role"],
            [
                (heaviest, users[LEAD_EMAIL], ProjectRole.FACILITATOR.value),
                (heaviest, users[MEMBER_EMAIL], ProjectRole.CONTRIBUTOR.value),
            ],
        )
        print(f"  teams and roles in {time.perf_counter() - step:.1f} s")
        _journal(rng, journal, project_ids, heaviest, users[MEMBER_EMAIL])
        _inbox(random.Random(seed + 4), requests, lab.pk, lab_ids, people)
        _library(rng, resources, lab.pk, lab_ids, people)
        _calls(rng, calls, answers, lab.pk, lab_ids, people, users)


def _journal(rng, journal, project_ids, heaviest, author):
    """Journal entries: `LONGEST_JOURNAL` on the busiest lab's first project, the rest
    spread evenly (20 per project for 2,000,000 over 100,000)."""
    step = time.perf_counter()
    kinds = ActivityKind.values
    first = dt.date(2019, 1, 1)
    titles = [sentence(rng, 4) for _ in range(500)]
    notes = [sentence(rng, 20) for _ in range(200)]

    def rows():
        for n in range(journal):
            project = heaviest if n < LONGEST_JOURNAL else rng.choice(project_ids)
            day = first + dt.timedelta(days=rng.randrange(2900))
            yield (
                project,
                rng.choice(kinds),
                day,
                rng.choice(titles),
                rng.randrange(30),
                rng.randrange(50),
                rng.randrange(8),
                rng.choice(notes) if n % 3 == 0 else "",
                author if project == heaviest else None,
                at(day, 17),
            )

    made = insert_rows(
        Activity,
        [
            "project_id",
            "kind",
            "happened_on",
            "title",
            "agents_count",
            "users_count",
            "partners_count",
            "notes",
            "created_by_id",
            "created_at",
        ],
        rows(),
    )
    print(f"  {made} journal entries in {time.perf_counter() - step:.1f} s")


def _inbox(rng, requests, busiest, lab_ids, people):
    """Requests sent to labs (`FULLEST_INBOX` to the busiest), with their history, over
    the last four years: those of the last `OPEN_DAYS` days may still be open (waiting on
    the lab, on the author, a boost offered), older ones were answered long ago, as in a
    lab that answers (the busiest inbox so holds about a hundred open requests)."""
    step = time.perf_counter()
    recent = (
        [RequestStatus.SUBMITTED] * 50
        + [RequestStatus.WAITING_AUTHOR] * 10
        + [RequestStatus.BOOST_OFFERED] * 10
        + [RequestStatus.ACCEPTED] * 20
        + [RequestStatus.DECLINED] * 10
    )
    closed = (
        [RequestStatus.ACCEPTED] * 45
        + [RequestStatus.REDIRECTED] * 15
        + [RequestStatus.DECLINED] * 25
        + [RequestStatus.WITHDRAWN] * 10
        + [RequestStatus.DRAFT] * 5
    )
    now = timezone.now().replace(microsecond=0)
    commitments = dict(Lab.objects.values_list("pk", "first_answer_hours"))
    rows = []
    for n in range(requests):
        created = now - dt.timedelta(minutes=rng.randrange(4 * 365 * 24 * 60))
        is_recent = now - created < dt.timedelta(days=OPEN_DAYS)
        status = rng.choice(recent if is_recent else closed).value
        sent = None if status == RequestStatus.DRAFT else created + dt.timedelta(hours=2)
        answered = (
            min(sent + dt.timedelta(days=rng.randint(1, 9)), now)
            if status not in (RequestStatus.DRAFT, RequestStatus.SUBMITTED)
            else None
        )
        row = (
            status,
            RequestChannel.WEB.value,
            rng.choice(people),
            f"[bench] {sentence(rng, 6)}",
            sentence(rng, 40),
            busiest if n < FULLEST_INBOX else rng.choice(lab_ids),
            sent,
            sent + dt.timedelta(days=5) if sent else None,
            answered,
            4 if sent else rng.randint(1, 4),
            created,
            answered or sent or created,
        )
        # The first answer is measured against the lab that gave it, as the decision
        # service records it (intake.services.decisions._first_answer).
        lab_id = row[5] if answered else None
        rows.append((*row, lab_id, commitments[lab_id] if answered else None))
    fields = [
        "status",
        "channel",
        "author_id",
        "title",
        "problem",
        "lab_id",
        "submitted_at",
        "answer_due_at",
        "first_answered_at",
        "current_step",
        "created_at",
        "updated_at",
        "first_answer_lab_id",
        "first_answer_commitment_hours",
    ]
    made = insert_rows(Request, fields, rows)
    # Rows inserted without Request.save: measured, then the kept figures computed.
    stats_store.measure_all()
    stats_store.rebuild()
    created = Request.objects.filter(title__startswith="[bench]").order_by("pk")
    history = []
    for pk, status, lab_id, author, created_at, sent, answered in created.values_list(
        "pk", "status", "lab_id", "author_id", "created_at", "submitted_at", "first_answered_at"
    ):
        history.append((pk, RequestEventKind.CREATED.value, author, None, created_at))
        if sent:
            history.append((pk, RequestEventKind.SUBMITTED.value, author, lab_id, sent))
        if answered:
            kind = {
                RequestStatus.ACCEPTED.value: RequestEventKind.ACCEPTED,
                RequestStatus.BOOST_OFFERED.value: RequestEventKind.BOOST_OFFERED,
                RequestStatus.REDIRECTED.value: RequestEventKind.REDIRECTED_OUT,
                RequestStatus.DECLINED.value: RequestEventKind.DECLINED,
                RequestStatus.WAITING_AUTHOR.value: RequestEventKind.INFO_REQUESTED,
                RequestStatus.WITHDRAWN.value: RequestEventKind.WITHDRAWN,
            }[status]
            history.append((pk, kind.value, None, lab_id, answered))
    events = insert_rows(
        RequestEvent, ["request_id", "kind", "actor_id", "lab_id", "created_at"], history
    )
    print(f"  {made} requests, {events} history lines in {time.perf_counter() - step:.1f} s")


def _library(rng, resources, busiest, lab_ids, people):
    """Resources of the shared library, 85% published, with tags and themes."""
    step = time.perf_counter()
    tags = ResourceTag.objects.bulk_create(
        ResourceTag(name=f"bench-{w}-{i}") for i, w in enumerate(WORDS * 12)
    )
    themes = list(Theme.objects.values_list("pk", flat=True))
    statuses = (
        [ResourceStatus.PUBLISHED] * 85
        + [ResourceStatus.PROPOSED] * 10
        + [ResourceStatus.REFUSED] * 5
    )
    rows = []
    for n in range(resources):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(2500))
        status = rng.choice(statuses).value
        rows.append(
            (
                f"bench-resource-{n}",
                f"{sentence(rng, 5)} {n}",
                rng.choice(ResourceKind.values),
                sentence(rng, 30),
                f"https://ressources.example.org/{n}",
                rng.choice(Licence.values),
                busiest if n % 50 == 0 else rng.choice(lab_ids),
                status,
                rng.choice(people),
                at(day) if status == ResourceStatus.PUBLISHED else None,
                at(day),
                at(day),
            )
        )
    insert_rows(
        Resource,
        [
            "key",
            "title",
            "kind",
            "summary",
            "url",
            "licence",
            "lab_id",
            "status",
            "proposed_by_id",
            "published_at",
            "created_at",
            "updated_at",
        ],
        rows,
    )
    resource_ids = ids(Resource, key__startswith="bench-resource-")
    tag_ids = [t.pk for t in tags] or ids(ResourceTag, name__startswith="bench-")
    insert_rows(
        Resource.tags.through,
        ["resource_id", "resourcetag_id"],
        ((r, t) for r in resource_ids for t in rng.sample(tag_ids, 3)),
    )
    insert_rows(
        Resource.themes.through,
        ["resource_id", "theme_id"],
        ((r, t) for r in resource_ids for t in rng.sample(themes, 2)),
    )
    print(f"  {resources} resources in {time.perf_counter() - step:.1f} s")


def _calls(rng, calls, answers, busiest, lab_ids, people, users):
    """Calls (a fifth national), three questions and two criteria each; answers spread
    over them with `BIGGEST_CALL_ANSWERS` on the busiest lab's first call, which the
    coordinator reviews (a review on every fourth answer sent)."""
    step = time.perf_counter()
    rows = []
    for n in range(calls):
        opens = dt.datetime(2024, 1, 8, 8, tzinfo=dt.UTC) + dt.timedelta(days=rng.randrange(1300))
        rows.append(
            (
                f"bench-call-{n}",
                f"{sentence(rng, 5)} {n}",
                rng.choice(CallKind.values) if n else CallKind.PROJECTS.value,
                busiest if n == 0 else (None if n % 5 == 0 else rng.choice(lab_ids)),
                sentence(rng, 40),
                sentence(rng, 10),
                opens,
                opens + dt.timedelta(days=rng.choice([30, 45, 60, 90])),
                CallStatus.DRAFT.value if n % 10 == 5 else CallStatus.PUBLISHED.value,
                opens,
                opens,
                opens,
            )
        )
    fields = ["key", "title", "kind", "owner_lab_id", "summary", "eligibility", "opens_at"]
    fields += ["closes_at", "status", "published_at", "created_at", "updated_at"]
    insert_rows(Call, fields, rows)
    call_ids = ids(Call, key__startswith="bench-call-")
    insert_rows(
        CallQuestion,
        ["call_id", "order", "label", "kind"],
        (
            (c, i, sentence(rng, 6) + " ?", QuestionKind.LONG_TEXT.value if i else "text")
            for c in call_ids
            for i in range(3)
        ),
    )
    insert_rows(
        CallCriterion,
        ["call_id", "order", "label", "weight", "max_score"],
        ((c, i, sentence(rng, 3), 1 + i, 5) for c in call_ids for i in range(2)),
    )
    questions = {}
    for pk, call_id in CallQuestion.objects.filter(call_id__in=call_ids).values_list(
        "pk", "call_id"
    ):
        questions.setdefault(call_id, []).append(pk)
    statuses = [AnswerStatus.SUBMITTED] * 60 + [AnswerStatus.ACCEPTED] * 15
    statuses += [AnswerStatus.REJECTED] * 15 + [AnswerStatus.DRAFT] * 7
    statuses += [AnswerStatus.WITHDRAWN] * 3
    first_call = call_ids[0]
    rows = []
    for n in range(answers):
        call_id = first_call if n < BIGGEST_CALL_ANSWERS else rng.choice(call_ids)
        status = rng.choice(statuses).value
        sent = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC) + dt.timedelta(hours=n % 5000)
        rows.append(
            (
                call_id,
                rng.choice(people),
                sentence(rng, 6),
                {str(q): sentence(rng, 25) for q in questions[call_id]},
                status,
                None if status == AnswerStatus.DRAFT else sent,
                sent,
                sent,
            )
        )
    fields = ["call_id", "author_id", "title", "responses", "status", "submitted_at"]
    insert_rows(Answer, [*fields, "created_at", "updated_at"], rows)
    coordinator = users[COORDINATOR_EMAIL]
    insert_rows(
        CallReviewer,
        ["call_id", "user_id", "added_at"],
        [(first_call, coordinator, at(dt.date(2025, 1, 2)))],
    )
    reviewed = list(
        Answer.objects.filter(call_id=first_call, status=AnswerStatus.SUBMITTED)
        .order_by("pk")
        .values_list("pk", flat=True)[::4]
    )
    when = at(dt.date(2025, 6, 2))
    insert_rows(
        Review,
        ["answer_id", "reviewer_id", "comment", "total", "created_at", "updated_at"],
        ((a, coordinator, sentence(rng, 12), Decimal("12.5"), when, when) for a in reviewed),
    )
    criteria = list(CallCriterion.objects.filter(call_id=first_call).values_list("pk", flat=True))
    review_ids = ids(Review, answer__call_id=first_call)
    insert_rows(
        ReviewScore,
        ["review_id", "criterion_id", "score"],
        ((r, c, rng.randint(1, 5)) for r in review_ids for c in criteria),
    )
    print(f"  {calls} calls, {answers} answers in {time.perf_counter() - step:.1f} s")


def regenerate_inbox(requests: int = 50_000, seed: int = 2026) -> None:
    """Only the requests and their history again (same rows as a full run's)."""
    lab = Lab.objects.get(key=BUSIEST_LAB)
    with transaction.atomic():
        bench_requests = Request.objects.filter(title__startswith="[bench]")
        RequestEvent.objects.filter(request__in=bench_requests)._raw_delete("default")
        bench_requests._raw_delete("default")
        _inbox(
            random.Random(seed + 4),
            requests,
            lab.pk,
            ids(Lab, key__startswith="bench-lab-"),
            ids(User, email__startswith="bench-person-"),
        )
