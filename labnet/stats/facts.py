"""Building the national picture's aggregates (stats.models; docs/adr/0058).

Each table is filled from the same querysets and computations the live sections use
(`public_events_filter`, `response_times_of`, `visible_indicators_filter`,
`indicator_progress`...), grouped once more by year and region, so that a section read
from the facts gives the very numbers it would compute live (tests/stats/test_facts.py
compares both for every filter). A build replaces every row in one transaction.
"""

import time
from decimal import Decimal
from itertools import product

from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from labnet.events.enums import RegistrationStatus
from labnet.events.models import Event, Registration
from labnet.events.rules import public_events_filter
from labnet.impact.models import Indicator
from labnet.impact.progress import indicator_progress
from labnet.impact.selectors import visible_indicators_filter
from labnet.intake.models import Request
from labnet.intake.stats import response_times_of
from labnet.labs.models import Theme
from labnet.projects.models import Project

from .filters import year_bounds
from .models import (
    AnswerTimesFact,
    EventFact,
    FactsBuild,
    FigureFact,
    IndicatorFact,
    ProjectFact,
    ProjectThemeFact,
    RequestFact,
    ReuseFact,
)
from .sources import current_values, received_requests

FACT_MODELS = (
    ProjectFact,
    ProjectThemeFact,
    EventFact,
    RequestFact,
    AnswerTimesFact,
    IndicatorFact,
    FigureFact,
)


def _place(prefix: str = ""):
    """A project's place: its region, or its lead lab's when it names none (the filter's
    rule, `Scope.narrow_projects`)."""
    return Coalesce(f"{prefix}region_id", f"{prefix}lead_lab__region_id")


def _project_facts() -> list[ProjectFact]:
    rows = (
        Project.objects.order_by()
        .annotate(place=_place())
        .values_list("is_public", "started_year", "place", "lead_lab__kind", "stage")
        .annotate(n=Count("pk"))
    )
    return [
        ProjectFact(
            public=public,
            year=year,
            region=place or "",
            lab_kind=kind or "",
            stage=stage or "",
            n=n,
        )
        for public, year, place, kind, stage, n in rows
    ]


def _theme_facts() -> list[ProjectThemeFact]:
    rows = (
        Theme.projects.through.objects.order_by()
        .annotate(place=_place("project__"))
        .values_list("project__is_public", "project__started_year", "place", "theme_id")
        .annotate(n=Count("project_id"))
    )
    return [
        ProjectThemeFact(public=public, year=year, region=place or "", theme_id=theme, n=n)
        for public, year, place, theme, n in rows
    ]


def _reuse_facts() -> list[ReuseFact]:
    rows = (
        Project.objects.filter(scaled_from__isnull=False)
        .order_by()
        .annotate(place=_place())
        .values_list("is_public", "started_year", "place", "scaled_from__lead_lab_id")
        .annotate(n=Count("pk"))
    )
    return [
        ReuseFact(public=public, year=year, region=place or "", origin_lab_id=lab, n=n)
        for public, year, place, lab, n in rows
    ]


def _event_facts() -> list[EventFact]:
    facts: dict[tuple, EventFact] = {}
    events = (
        Event.objects.filter(public_events_filter())
        .order_by()
        .annotate(year=ExtractYear("starts_at"))
        .values_list("year", "region_id", "campaign_id")
        .annotate(n=Count("pk"), by_labs=Count("pk", filter=Q(organiser_lab__isnull=False)))
    )
    for year, region, campaign, n, by_labs in events:
        facts[(year, region or "", campaign)] = EventFact(
            year=year, region=region or "", campaign_id=campaign, events=n, by_labs=by_labs
        )
    registrations = (
        Registration.objects.filter(
            public_events_filter("event__"), status=RegistrationStatus.CONFIRMED
        )
        .order_by()
        .annotate(year=ExtractYear("event__starts_at"))
        .values_list("year", "event__region_id", "event__campaign_id")
        .annotate(n=Count("pk"))
    )
    for year, region, campaign, n in registrations:
        facts[(year, region or "", campaign)].registrations = n
    return list(facts.values())


def _request_facts() -> list[RequestFact]:
    rows = (
        received_requests()
        .order_by()
        .annotate(year=ExtractYear("submitted_at"))
        .values_list("year", "lab__region_id", "status")
        .annotate(n=Count("pk"))
    )
    return [
        RequestFact(year=year, region=region or "", status=status, n=n)
        for year, region, status, n in rows
    ]


def _answer_times_facts() -> list[AnswerTimesFact]:
    """`response_times_of` for each year and region answers exist in, and for "all": one
    query each (a median does not add up), a few dozen in all."""
    present = set(
        Request.objects.filter(first_answered_at__isnull=False, submitted_at__isnull=False)
        .order_by()
        .annotate(year=ExtractYear("submitted_at"))
        .values_list("year", "first_answer_lab__region_id")
        .distinct()
    )
    years = sorted({year for year, _region in present})
    regions = sorted({region for _year, region in present if region})
    facts = []
    for year, region in product([None, *years], [None, *regions]):
        requests = Request.objects.all()
        if year is not None:
            requests = requests.filter(submitted_at__year=year)
        if region is not None:
            requests = requests.filter(first_answer_lab__region_id=region)
        times = response_times_of(requests)
        if times.count or (year is None and region is None):
            facts.append(
                AnswerTimesFact(
                    year=year,
                    region=region or AnswerTimesFact.ALL_REGIONS,
                    count=times.count,
                    median_hours=times.median_hours,
                    p90_hours=times.p90_hours,
                    within_commitment_share=times.within_commitment_share,
                )
            )
    return facts


def _indicator_facts() -> list[IndicatorFact]:
    public = set(
        Indicator.objects.filter(visible_indicators_filter(None), project__is_public=True)
        .order_by()
        .values_list("pk", flat=True)
    )
    indicators = list(
        Indicator.objects.order_by()
        .annotate(place=_place("project__"), year=F("project__started_year"))
        .only(
            "direction",
            "baseline_value",
            "target_value",
            "baseline_on",
            "target_on",
        )
    )
    current = current_values(Indicator.objects.values("pk"))
    counts: dict[tuple, int] = {}
    for indicator in indicators:
        progress = indicator_progress(indicator, current=current.get(indicator.pk))
        if not progress.computable:
            state = IndicatorFact.UNKNOWN
        else:
            state = IndicatorFact.ON_TRACK if progress.on_track else IndicatorFact.BEHIND
        key = (indicator.pk in public, indicator.year, indicator.place or "", state)
        counts[key] = counts.get(key, 0) + 1
    return [
        IndicatorFact(public=public_, year=year, region=region, state=state, n=n)
        for (public_, year, region, state), n in counts.items()
    ]


def _figure_facts() -> list[FigureFact]:
    """Each figure of the registry, computed by its own function (the bilan's values)."""
    from labnet.events.campaign_selectors import last_national_month
    from labnet.figures.computed import REGISTRY

    last_month = last_national_month()
    facts = []
    for key, entry in REGISTRY.items():
        value = entry.compute()
        facts.append(
            FigureFact(
                key=key,
                value="" if value is None else str(value),
                integer=isinstance(value, int),
                detail=last_month.name
                if key.startswith("events.national_month.") and last_month is not None
                else "",
            )
        )
    return facts


def _read(fact: FigureFact):
    if not fact.value:
        return None
    return int(fact.value) if fact.integer else Decimal(fact.value)


def figure_values() -> dict[str, tuple]:
    """{registry key: (value, detail)} as of the last build."""
    values = {}
    for fact in FigureFact.objects.all():
        values[fact.key] = (_read(fact), fact.detail)
    return values


def rebuild_facts() -> FactsBuild:
    """Every table computed again from the data, then swapped in one transaction (readers
    see the old rows or the new ones, never a mix)."""
    from labnet.core.topics import topics_changed

    started = time.monotonic()
    built_at = timezone.now()
    rows = {
        ProjectFact: _project_facts(),
        ProjectThemeFact: _theme_facts(),
        ReuseFact: _reuse_facts(),
        EventFact: _event_facts(),
        RequestFact: _request_facts(),
        AnswerTimesFact: _answer_times_facts(),
        IndicatorFact: _indicator_facts(),
        FigureFact: _figure_facts(),
    }
    first_year, last_year = year_bounds()
    with transaction.atomic(), connection.cursor() as cursor:
        for model in (*rows, FactsBuild):
            # One statement: QuerySet.delete() would read every row back to send the
            # topic net's post_delete signals (core.topic_signals) one by one.
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608 - a model's own table name
        for model, facts in rows.items():
            model.objects.bulk_create(facts, batch_size=1000)
        build = FactsBuild.objects.create(
            built_at=built_at,
            seconds=round(time.monotonic() - started, 3),
            first_year=first_year,
            last_year=last_year,
        )
        # Pages and kept figures that read the facts are computed again (core.topics).
        topics_changed("stats")
    return build


def last_build() -> FactsBuild | None:
    return FactsBuild.objects.order_by("-built_at").first()
