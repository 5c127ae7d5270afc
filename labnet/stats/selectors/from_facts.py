"""The national sections' counts read from the precomputed facts (stats.models), in the
shapes the live queries give, so each section goes on the same way from there. A few
grouped sums over hundreds of rows, whatever the size of the data (docs/adr/0058)."""

from collections import Counter

from django.db.models import Sum

from labnet.events.models import Campaign
from labnet.intake.stats import ResponseTimes
from labnet.labs.models import Theme
from labnet.territories.models import Region

from ..models import (
    AnswerTimesFact,
    EventFact,
    IndicatorFact,
    ProjectFact,
    ProjectThemeFact,
    RequestFact,
    ReuseFact,
)
from .scope import Scope


def _filtered(model, scope: Scope, *, audience: bool = True):
    """The facts under the scope's filters; only the public's rows unless it sees more."""
    facts = model.objects.order_by()
    if audience and not scope.internal:
        facts = facts.filter(public=True)
    if scope.filters.year is not None:
        facts = facts.filter(year=scope.filters.year)
    if scope.filters.region:
        facts = facts.filter(region=scope.filters.region)
    return facts


def project_counts(scope: Scope) -> tuple[Counter, Counter, Counter]:
    """(stages, places by region name, kinds of lead lab), as `_stage_place_lab_counts`."""
    names = dict(Region.objects.values_list("pk", "name"))
    stages, places, kinds = Counter(), Counter(), Counter()
    rows = (
        _filtered(ProjectFact, scope)
        .values_list("stage", "region", "lab_kind")
        .annotate(n=Sum("n"))
    )
    for stage, region, kind, n in rows:
        stages[stage] += n
        kinds[kind or None] += n
        places[names.get(region or None)] += n
    return stages, places, kinds


def theme_counts(scope: Scope) -> list[tuple[str, str, int]]:
    """(French name, name in the reader's language, projects), most projects first."""
    totals = dict(_filtered(ProjectThemeFact, scope).values_list("theme_id").annotate(n=Sum("n")))
    field = "name_en" if scope.english else "name_fr"
    grouped: Counter = Counter()
    for french, name, pk in Theme.objects.filter(pk__in=totals).values_list("name_fr", field, "pk"):
        grouped[(french, name)] += totals[pk]
    return sorted(
        ((french, name, n) for (french, name), n in grouped.items()),
        key=lambda row: (-row[2], row[0]),
    )


def reuses_by_origin(scope: Scope) -> list[tuple[str | None, int]]:
    """(name of the lab whose project was taken up, take-ups), most first then by name
    (labs with no lead: None, last)."""
    totals = list(_filtered(ReuseFact, scope).values_list("origin_lab__name").annotate(n=Sum("n")))
    return sorted(totals, key=lambda row: (-row[1], row[0] is None, row[0] or ""))


def event_groups(scope: Scope) -> tuple[list[tuple], dict]:
    """([(campaign id, name, starts on, events, by labs)], {campaign id: registrations})."""
    rows = list(
        _filtered(EventFact, scope, audience=False)
        .values_list("campaign_id")
        .annotate(events=Sum("events"), by_labs=Sum("by_labs"), registrations=Sum("registrations"))
    )
    campaigns = {
        pk: (name, starts_on)
        for pk, name, starts_on in Campaign.objects.filter(
            pk__in=[row[0] for row in rows if row[0] is not None]
        ).values_list("pk", "name", "starts_on")
    }
    grouped = [
        (campaign, *campaigns.get(campaign, (None, None)), events, by_labs)
        for campaign, events, by_labs, _registrations in rows
        if events
    ]
    registrations = {campaign: n for campaign, _e, _b, n in rows if n}
    return grouped, registrations


def received_per_year(scope: Scope) -> list[tuple[int, int]]:
    return list(
        _filtered(RequestFact, scope, audience=False)
        .values_list("year")
        .annotate(n=Sum("n"))
        .order_by("year")
    )


def outcomes(scope: Scope) -> dict[str, int]:
    return dict(
        _filtered(RequestFact, scope, audience=False).values_list("status").annotate(n=Sum("n"))
    )


def answer_times(scope: Scope) -> ResponseTimes:
    fact = AnswerTimesFact.objects.filter(
        year=scope.filters.year,
        region=scope.filters.region or AnswerTimesFact.ALL_REGIONS,
    ).first()
    if fact is None:  # no request of that year and region was answered
        return ResponseTimes(0, None, None, None)
    return ResponseTimes(
        count=fact.count,
        median_hours=fact.median_hours,
        p90_hours=fact.p90_hours,
        within_commitment_share=fact.within_commitment_share,
    )


def indicator_states(scope: Scope) -> dict[str, int]:
    return dict(_filtered(IndicatorFact, scope).values_list("state").annotate(n=Sum("n")))
