"""Fill a separate database with a national-scale network (docs/scale.md figures).

    LABNET_VAR_DIR=var/bench .venv/bin/python -m benchmarks.generate --labs 1000 --projects 100000

The real dataset is imported first (regions, departments, themes, skills, campaigns, funding),
then synthetic labs, projects, people (accounts with a profile), events, registrations and
funding allocations (with their payments) are bulk-created with deterministic random values
(seeded), so two runs compare.
"""

import argparse
import datetime as dt
import os
import random
import time
import uuid
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from labnet.accounts.models import User  # noqa: E402
from labnet.events.enums import Audience, EventFormat, EventStatus  # noqa: E402
from labnet.events.enums import RegistrationStatus as RS  # noqa: E402
from labnet.events.models import Campaign, Event, Registration  # noqa: E402
from labnet.funding.enums import AllocationStatus, FundingSourceKind  # noqa: E402
from labnet.funding.models import (  # noqa: E402
    Allocation,
    Envelope,
    FundingSource,
    Payment,
)
from labnet.impact.models import Indicator, Measurement  # noqa: E402
from labnet.labs.enums import LabKind, LabStatus  # noqa: E402
from labnet.labs.models import Lab, Theme  # noqa: E402
from labnet.organisations.enums import OrganisationKind  # noqa: E402
from labnet.organisations.models import Organisation  # noqa: E402
from labnet.people.enums import Availability  # noqa: E402
from labnet.people.models import Profile, Skill  # noqa: E402
from labnet.projects.cooperation import cooperation_links_rebuild  # noqa: E402
from labnet.projects.enums import Stage  # noqa: E402
from labnet.projects.models import Project  # noqa: E402
from labnet.roadmaps.models import Axis, Group, Item, Roadmap  # noqa: E402
from labnet.roadmaps.search import items_index  # noqa: E402
from labnet.territories.models import Department, Region  # noqa: E402

from . import generate_work  # noqa: E402

BATCH = 5_000
# The one event with a long list of registrations (the event page scenario of run.py).
BIG_EVENT_KEY = "bench-event-0"
BIG_EVENT_REGISTRATIONS = 5_000
COMMUNES = ["Rouen", "Caen", "Lyon", "Lille", "Nantes", "Rennes", "Dijon", "Metz", "Pau", "Brest"]

WORDS = [
    "délais",
    "traitement",
    "dossiers",
    "accueil",
    "usagers",
    "titres",
    "séjour",
    "données",
    "ouvertes",
    "numérique",
    "ressources",
    "humaines",
    "tiers-lieu",
    "médiathèque",
    "participation",
    "citoyenne",
    "simplification",
    "démarches",
    "entreprises",
    "emploi",
    "santé",
    "autonomie",
    "grand",
    "âge",
    "formation",
    "agents",
    "management",
    "courrier",
    "dématérialisation",
    "mobilité",
    "transition",
    "écologique",
    "industrie",
    "attractivité",
]


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def generate(labs: int, projects: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    call_command("migrate", verbosity=0)
    call_command("import_network", "data/network", "--quiet")
    regions = list(Region.objects.values_list("code", flat=True))
    themes = list(Theme.objects.all())
    with transaction.atomic():
        # Start again from the real dataset alone, so a second run does not pile up.
        generate_work.clear()
        _clear_bench_funding()
        Project.objects.filter(key__startswith="bench-").delete()
        Lab.objects.filter(key__startswith="bench-").delete()
        Organisation.objects.filter(key__startswith="bench-").delete()
        hosts = Organisation.objects.bulk_create(
            Organisation(
                key=f"bench-org-{i}",
                name=f"Organisation {i}",
                kind=rng.choice(OrganisationKind.values),
                region_id=rng.choice(regions),
            )
            for i in range(labs // 2)
        )
        new_labs = Lab.objects.bulk_create(
            Lab(
                key=f"bench-lab-{i}",
                name=f"Laboratoire {i} {sentence(rng, 2)}",
                kind=rng.choice(LabKind.values),
                status=rng.choice(LabStatus.values),
                region_id=rng.choice(regions),
                host=rng.choice(hosts),
                founded_year=rng.randint(2015, 2026),
                summary=sentence(rng, 25),
            )
            for i in range(labs)
        )
        LabThemes = Lab.themes.through
        LabThemes.objects.bulk_create(
            LabThemes(lab_id=lab.pk, theme_id=theme.pk)
            for lab in new_labs
            for theme in rng.sample(themes, 2)
        )
        batch = 5_000
        for start in range(0, projects, batch):
            Project.objects.bulk_create(
                Project(
                    key=f"bench-project-{i}",
                    title=sentence(rng, 6),
                    lead_lab=rng.choice(new_labs),
                    region_id=rng.choice(regions),
                    stage=rng.choice(Stage.values),
                    is_public=rng.random() < 0.8,
                    objective=sentence(rng, 30),
                    approach=sentence(rng, 30),
                    results=sentence(rng, 15),
                    started_year=rng.randint(2016, 2026),
                )
                for i in range(start, min(start + batch, projects))
            )


def _uuid(rng) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _clear_people_and_events() -> None:
    """Raw deletes (no per-row cascade in Python): the bench rows only, children first."""
    bench_events = Event.objects.filter(key__startswith="bench-")
    bench_users = User.objects.filter(email__startswith="bench-")
    Registration.objects.filter(event__in=bench_events)._raw_delete("default")
    Registration.objects.filter(user__in=bench_users)._raw_delete("default")
    bench_events._raw_delete("default")
    Profile.skills.through.objects.filter(profile__user__in=bench_users)._raw_delete("default")
    Profile.objects.filter(user__in=bench_users)._raw_delete("default")
    bench_users._raw_delete("default")


def generate_people(rng, people: int) -> list[str]:
    """Accounts with a profile; about 30% findable, each with a few skills. Returns the
    e-mails, by index (registrations reuse them)."""
    started = time.perf_counter()
    password = make_password("mot-de-passe-solide-42")
    departments = list(Department.objects.values_list("code", "region_id"))
    organisations = list(Organisation.objects.values_list("pk", flat=True))
    skills = list(Skill.objects.values_list("pk", flat=True))
    emails = [f"bench-person-{i}@example.org" for i in range(people)]
    availabilities = Availability.values
    SkillLink = Profile.skills.through
    for start in range(0, people, BATCH):
        users = User.objects.bulk_create(
            User(
                email=emails[i],
                full_name=f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS).upper()} {i}",
                password=password,
            )
            for i in range(start, min(start + BATCH, people))
        )
        profiles, links = [], []
        for user in users:
            findable = rng.random() < 0.3
            department, region = rng.choice(departments)
            profiles.append(
                Profile(
                    user_id=user.pk,
                    organisation_id=rng.choice(organisations),
                    region_id=region,
                    department_id=department if rng.random() < 0.7 else None,
                    bio=sentence(rng, 20),
                    availability=rng.choice(availabilities),
                    is_findable=findable,
                    show_organisation=findable and rng.random() < 0.7,
                    show_territory=findable and rng.random() < 0.8,
                    show_labs=findable and rng.random() < 0.5,
                    show_bio=findable and rng.random() < 0.5,
                    contact_allowed=findable and rng.random() < 0.6,
                    # bulk_create skips Profile.save(): the directory's derived
                    # columns (labnet/people/listing.py) for these active accounts.
                    listed=findable,
                    name_key=user.full_name.lower(),
                )
            )
        profiles = Profile.objects.bulk_create(profiles)
        for profile in profiles:
            if profile.is_findable:
                for skill in rng.sample(skills, rng.randint(1, 4)):
                    links.append(SkillLink(profile_id=profile.pk, skill_id=skill))
        SkillLink.objects.bulk_create(links)
    print(f"  {people} people in {time.perf_counter() - started:.1f} s")
    return emails


def generate_events(rng, events: int, labs: list, hosts: list) -> list[Event]:
    """Events over 2024-2027 (about 2% in each of the two campaigns, on its own dates),
    mostly published, organised by a lab or an administration."""
    started = time.perf_counter()
    departments = list(Department.objects.values_list("code", "region_id"))
    campaigns = {c.key: c for c in Campaign.objects.all()}
    mois_2022 = campaigns.get("mois-innovation-publique-2022")
    mois_2021 = campaigns.get("mois-innovation-publique-2021")
    first = dt.datetime(2024, 1, 1, 7, tzinfo=dt.UTC)
    span_days = (dt.date(2027, 12, 31) - dt.date(2024, 1, 1)).days
    statuses = (
        [EventStatus.PUBLISHED] * 90
        + [EventStatus.CANCELLED] * 3
        + [EventStatus.PROPOSED] * 3
        + [EventStatus.DRAFT] * 4
    )
    created = []
    for start in range(0, events, BATCH):
        batch = []
        for i in range(start, min(start + BATCH, events)):
            draw = rng.random()
            campaign = mois_2022 if draw < 0.02 else mois_2021 if draw < 0.04 else None
            if campaign is mois_2022:
                starts_at = dt.datetime(2022, 11, rng.randint(2, 30), 8, tzinfo=dt.UTC)
            elif campaign is mois_2021:
                starts_at = dt.datetime(2021, 11, rng.randint(1, 30), 8, tzinfo=dt.UTC)
            else:
                starts_at = first + dt.timedelta(
                    days=rng.randint(0, span_days), minutes=30 * rng.randint(0, 20)
                )
            online = rng.random() < 0.25
            department, region = rng.choice(departments)
            by_lab = rng.random() < 0.6
            batch.append(
                Event(
                    key=f"bench-event-{i}",
                    title=sentence(rng, 5),
                    format=rng.choice(EventFormat.values),
                    audience=rng.choice(Audience.values),
                    description=sentence(rng, 40),
                    status=EventStatus.PUBLISHED if i == 0 else rng.choice(statuses),
                    campaign=campaign,
                    organiser_lab=rng.choice(labs) if by_lab else None,
                    organiser_organisation=None if by_lab else rng.choice(hosts),
                    starts_at=starts_at,
                    ends_at=starts_at + dt.timedelta(hours=rng.choice([1, 2, 3, 7])),
                    is_online=online,
                    online_url="https://visio.example.org/salle" if online else "",
                    venue="" if online else "Salle du conseil",
                    commune="" if online else rng.choice(COMMUNES),
                    department_id=None if online else department,
                    region_id=region,
                    capacity=None if rng.random() < 0.5 else rng.choice([20, 30, 50, 100, 200]),
                )
            )
        created += Event.objects.bulk_create(batch)
    print(f"  {events} events in {time.perf_counter() - started:.1f} s")
    return created


def generate_registrations(rng, registrations: int, events: list, emails: list, users: dict):
    """About 20 registrations an event on average (a long tail), one big event. Within an
    event each address appears once (the unique live (event, e-mail) constraint); mostly
    confirmed, the rest on the waiting list (past capacity), pending or cancelled."""
    started = time.perf_counter()
    rest = registrations - BIG_EVENT_REGISTRATIONS
    weights = [rng.expovariate(1.0) for _ in events[1:]]
    scale = rest / sum(weights)
    counts = [BIG_EVENT_REGISTRATIONS] + [int(w * scale) for w in weights]
    counts[0] += registrations - sum(counts)  # rounding goes to the big event
    cap = len(emails)
    pending_rows = []
    made = 0

    def flush():
        nonlocal pending_rows
        Registration.objects.bulk_create(pending_rows)
        pending_rows = []

    for event, count in zip(events, counts, strict=True):
        count = min(count, cap)
        confirmed = 0
        waiting = 0
        for person in rng.sample(range(cap), count):
            draw = rng.random()
            if draw < 0.05:
                status = RS.CANCELLED
            elif draw < 0.08:
                status = RS.PENDING
            elif event.capacity is not None and confirmed >= event.capacity:
                status = RS.WAITING
            else:
                status = RS.CONFIRMED
            confirmed += status == RS.CONFIRMED
            waiting += status == RS.WAITING
            with_account = rng.random() < 0.6
            email = emails[person] if with_account else f"bench-visitor-{person}@example.net"
            pending_rows.append(
                Registration(
                    event_id=event.pk,
                    user_id=users[email] if with_account else None,
                    full_name=f"Personne {person}",
                    email=email,
                    status=status,
                    position=waiting if status == RS.WAITING else None,
                    token=_uuid(rng),
                    ics_token=_uuid(rng),
                    confirmed_at=event.starts_at if status == RS.CONFIRMED else None,
                    cancelled_at=event.starts_at if status == RS.CANCELLED else None,
                )
            )
            if len(pending_rows) >= BATCH:
                made += len(pending_rows)
                flush()
    made += len(pending_rows)
    flush()
    print(f"  {made} registrations in {time.perf_counter() - started:.1f} s")


def generate_people_and_events(people: int, events: int, registrations: int, seed: int = 2026):
    rng = random.Random(seed + 1)
    labs = list(Lab.objects.filter(key__startswith="bench-lab-").only("pk"))
    hosts = list(Organisation.objects.only("pk"))
    with transaction.atomic():
        generate_work.clear()  # requests, answers and teams point to the bench people
        _clear_people_and_events()
        emails = generate_people(rng, people)
        users = dict(User.objects.filter(email__startswith="bench-").values_list("email", "pk"))
        created = generate_events(rng, events, labs, hosts)
        generate_registrations(rng, registrations, created, emails, users)


# Bench envelopes: each holds at most ALLOCATIONS_PER_ENVELOPE allocations of at most
# MAX_ALLOCATION_EUR, so the sums the services keep (allocations within their envelope)
# hold in the generated data too.
BENCH_ENVELOPES = 20
MAX_ALLOCATION_EUR = 50_000


def _clear_bench_funding() -> None:
    """Bench allocations point to bench labs and projects (protected): they go first."""
    Payment.objects.filter(allocation__key__startswith="bench-").delete()
    Allocation.objects.filter(key__startswith="bench-").delete()
    Envelope.objects.filter(key__startswith="bench-", parent__isnull=False).delete()
    Envelope.objects.filter(key__startswith="bench-").delete()
    FundingSource.objects.filter(key__startswith="bench-").delete()


def generate_allocations(allocations: int, seed: int = 2026) -> int:
    """`allocations` allocations over bench envelopes of one bench funding source: 70% to a
    bench lab, 20% to a bench project, 10% to a named outside beneficiary; 20% with the
    amount not stated, some staff support in FTE; 10% planned, 40% committed, 45% paid
    (with one or two payments), 5% cancelled; years 2020-2026."""
    rng = random.Random(seed + 2)
    labs = list(Lab.objects.filter(key__startswith="bench-lab-").values_list("pk", "region_id"))
    projects = list(
        Project.objects.filter(key__startswith="bench-project-").values_list("pk", "region_id")[
            :20_000
        ]
    )
    with transaction.atomic():
        _clear_bench_funding()
        if not allocations or not labs:
            return 0
        source = FundingSource.objects.create(
            key="bench-fonds", name="Fonds de test", kind=FundingSourceKind.OTHER
        )
        per_envelope = -(-allocations // BENCH_ENVELOPES)
        envelopes = Envelope.objects.bulk_create(
            Envelope(
                key=f"bench-envelope-{i}",
                name=f"Enveloppe de test {i}",
                funding_source=source,
                amount_eur=Decimal(per_envelope * MAX_ALLOCATION_EUR),
                year=2020 + i % 7,
            )
            for i in range(BENCH_ENVELOPES)
        )
        statuses = (
            [AllocationStatus.PLANNED] * 10
            + [AllocationStatus.COMMITTED] * 40
            + [AllocationStatus.PAID] * 45
            + [AllocationStatus.CANCELLED] * 5
        )
        rows = []
        for i in range(allocations):
            kind = rng.random()
            lab_id = project_id = region_id = None
            name = ""
            if kind < 0.7 or not projects:
                lab_id, region_id = rng.choice(labs)
            elif kind < 0.9:
                project_id, region_id = rng.choice(projects)
            else:
                name = f"Commune de test {i}"
            status = rng.choice(statuses)
            unknown = status != AllocationStatus.PAID and rng.random() < 0.2
            rows.append(
                Allocation(
                    key=f"bench-allocation-{i}",
                    envelope=envelopes[i % BENCH_ENVELOPES],
                    lab_id=lab_id,
                    project_id=project_id,
                    beneficiary_name=name,
                    region_id=region_id,
                    amount_eur=None
                    if unknown
                    else Decimal(rng.randint(1_000, MAX_ALLOCATION_EUR * 100)) / 100,
                    amount_unknown=unknown,
                    fte=Decimal(rng.choice([1, 2, 5])) / 2 if rng.random() < 0.1 else None,
                    year=rng.randint(2020, 2026),
                    status=status,
                    description=sentence(rng, 12),
                )
            )
        created = []
        for start in range(0, len(rows), BATCH):
            created += Allocation.objects.bulk_create(rows[start : start + BATCH])
        if any(a.pk is None for a in created):
            created = list(Allocation.objects.filter(key__startswith="bench-allocation-"))
        payments = []
        for allocation in created:
            if allocation.status != AllocationStatus.PAID:
                continue
            first = (allocation.amount_eur / 2).quantize(Decimal("0.01"))
            paid_on = dt.date(allocation.year, 6, 1)
            if rng.random() < 0.5:
                payments.append(Payment(allocation=allocation, paid_on=paid_on, amount_eur=first))
                payments.append(
                    Payment(
                        allocation=allocation,
                        paid_on=paid_on + dt.timedelta(days=90),
                        amount_eur=allocation.amount_eur - first,
                    )
                )
            else:
                payments.append(
                    Payment(
                        allocation=allocation, paid_on=paid_on, amount_eur=allocation.amount_eur
                    )
                )
        Payment.objects.bulk_create(payments, batch_size=BATCH)
    return len(rows)


def generate_impact(values: int, seed: int = 2026) -> None:
    """`values` measured values over indicators of the generated projects (ten each, a
    tenth of them without baseline, so "not computable" is measured too), and one roadmap
    per 50 generated labs (four axes of 25 items, half of them linked to a project)."""
    rng = random.Random(seed + 2)
    projects = list(
        Project.objects.filter(key__startswith="bench-project-")
        .order_by("pk")
        .values_list("pk", flat=True)[: max(values // 10, 1)]
    )
    labs = list(Lab.objects.filter(key__startswith="bench-lab-").order_by("pk")[:20])
    with transaction.atomic():
        Indicator.objects.filter(key__startswith="bench-").delete()
        Roadmap.objects.filter(key__startswith="bench-").delete()
        indicators = Indicator.objects.bulk_create(
            Indicator(
                key=f"bench-indicator-{i}",
                project_id=project_id,
                name=sentence(rng, 4),
                unit=rng.choice(["jours", "%", "dossiers"]),
                direction=rng.choice(["increase", "decrease"]),
                baseline_value=None if i % 10 == 0 else 100,
                target_value=rng.choice([50, 150]),
                is_public=rng.random() < 0.7,
            )
            for i, project_id in enumerate(projects)
        )
        start = dt.date(2022, 1, 1)
        Measurement.objects.bulk_create(
            (
                Measurement(
                    indicator=indicators[n % len(indicators)],
                    value=rng.randint(0, 200),
                    measured_on=start + dt.timedelta(days=30 * (n // len(indicators))),
                    source_text="tableau de bord",
                )
                for n in range(values)
            ),
            batch_size=5_000,
        )
        items = []
        for r, lab in enumerate(labs):
            roadmap = Roadmap.objects.create(
                key=f"bench-roadmap-{r}",
                title=sentence(rng, 3),
                lab=lab,
                stated_project_count=110,
            )
            for a in range(4):
                axis = Axis.objects.create(
                    roadmap=roadmap,
                    key=f"bench-roadmap-{r}-axis-{a}",
                    title=sentence(rng, 3),
                    position=a + 1,
                )
                group = Group.objects.create(axis=axis, title=sentence(rng, 4), position=1)
                items += Item.objects.bulk_create(
                    Item(
                        group=group,
                        key=f"bench-roadmap-{r}-item-{a}-{i}",
                        title=sentence(rng, 8),
                        position=i + 1,
                        project_id=rng.choice(projects) if i % 2 else None,
                    )
                    for i in range(25)
                )
        items_index(item_ids=[item.pk for item in items])


def generate_cooperation(seed: int = 2026) -> int:
    """Partner labs on 30 % of the bench projects (one or two, never the lead) and a
    take-up of an earlier project by another lab on 3 %, as the network's memory has them,
    so the lab pages and cooperation lists have something to show at scale; then the
    stored cooperation links are rebuilt (bulk writes bypass the signals that keep them).
    Returns the number of links."""
    rng = random.Random(seed + 3)
    Partners = Project.partner_labs.through
    bench = Project.objects.filter(key__startswith="bench-")
    Partners.objects.filter(project__key__startswith="bench-").delete()
    bench.update(scaled_from=None)
    labs = list(Lab.objects.filter(key__startswith="bench-").values_list("pk", flat=True))
    rows = list(bench.order_by("pk").values_list("pk", "lead_lab_id"))
    partners, take_ups = [], {}
    for index, (pk, lead) in enumerate(rows):
        draw = rng.random()
        if draw < 0.3:
            for lab in {rng.choice(labs) for _ in range(rng.randint(1, 2))} - {lead}:
                partners.append(Partners(project_id=pk, lab_id=lab))
        elif draw < 0.33 and index:
            earlier_pk, earlier_lead = rows[rng.randrange(index)]
            if earlier_lead != lead:
                take_ups.setdefault(earlier_pk, []).append(pk)
    with transaction.atomic():
        Partners.objects.bulk_create(partners, batch_size=5_000)
        for earlier_pk, later in take_ups.items():
            Project.objects.filter(pk__in=later).update(scaled_from_id=earlier_pk)
    return cooperation_links_rebuild()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--labs", type=int, default=1000)
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--registrations", type=int, default=1_000_000)
    parser.add_argument("--allocations", type=int, default=10_000)
    parser.add_argument("--indicator-values", type=int, default=20_000)
    parser.add_argument("--journal", type=int, default=2_000_000)
    parser.add_argument("--requests", type=int, default=50_000)
    parser.add_argument("--resources", type=int, default=5_000)
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--answers", type=int, default=20_000)
    parser.add_argument(
        "--skip-work",
        action="store_true",
        help="keep the teams, journals, requests, resources and calls already generated",
    )
    parser.add_argument(
        "--skip-people",
        action="store_true",
        help="keep the people and events already generated",
    )
    parser.add_argument(
        "--skip-catalogue",
        action="store_true",
        help="keep the labs and projects already generated; only redo people and events",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    if not args.skip_catalogue:
        generate(args.labs, args.projects)
        print(
            f"{Lab.objects.count()} labs, {Project.objects.count()} projects "
            f"in {time.perf_counter() - started:.1f} s"
        )
    step = time.perf_counter()
    if not args.skip_people:
        generate_people_and_events(args.people, args.events, args.registrations)
        print(
            f"{Profile.objects.count()} people, {Event.objects.count()} events, "
            f"{Registration.objects.count()} registrations in {time.perf_counter() - step:.1f} s"
        )
    step = time.perf_counter()
    generate_impact(args.indicator_values)
    print(
        f"{Measurement.objects.count()} indicator values, {Item.objects.count()} roadmap "
        f"items in {time.perf_counter() - step:.1f} s"
    )
    step = time.perf_counter()
    generate_allocations(args.allocations)
    print(
        f"{Allocation.objects.count()} allocations, {Payment.objects.count()} payments "
        f"in {time.perf_counter() - step:.1f} s"
    )
    step = time.perf_counter()
    if not args.skip_work:
        generate_work.generate_work(
            journal=args.journal,
            requests=args.requests,
            resources=args.resources,
            calls=args.calls,
            answers=args.answers,
        )
        print(f"teams, journals, requests, resources, calls in {time.perf_counter() - step:.1f} s")
    step = time.perf_counter()
    links = generate_cooperation()
    print(
        f"partner labs, take-ups, {links} cooperation links in {time.perf_counter() - step:.1f} s"
    )
    if connection.vendor == "postgresql":
        # Planner statistics and the visibility map now, as autovacuum would do later:
        # without them the planner guesses one row per table.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
