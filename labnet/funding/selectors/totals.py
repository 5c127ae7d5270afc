"""Totals of the allocations a reader may see, grouped by one of GROUPINGS."""

from collections import defaultdict

from django.db.models import BigIntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from labnet.labs.models import Lab
from labnet.projects.models import Project
from labnet.territories.models import Region

from ..enums import AllocationStatus
from ..models import ZERO, Envelope, FundingSource
from .base import (
    MEASURES,
    NOT_STATED,
    OTHERS,
    AllocationFilters,
    Total,
    TotalRow,
    Totals,
    aggregate,
    readable,
    total_of,
)

GROUPINGS = ("source", "envelope", "year", "region", "lab", "status")
_GROUP_EXPRESSIONS = {
    "source": "envelope__funding_source_id",
    "envelope": "envelope_id",
    "year": "year",
    "region": "region_id",
    "lab": "funded_lab_id",
    "status": "status",
}


def funding_totals(
    *, user, by: str, filters: AllocationFilters | None = None, top: int | None = None
) -> Totals:
    """Totals of the allocations `user` may read, grouped `by` one of GROUPINGS.

    Every allocation is in exactly one row (allocations with no year, region or lab in a
    "non indiqué" row), so the rows always add up to `overall`. Three queries at most.
    `top`: the same as `.top(top)` of the whole grouping, with only the kept rows' labels
    read (20 lab names instead of a thousand).
    """
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    queryset = readable(user, filters)
    if by == "lab":
        # The project's lead lab looked up by its key for the allocations with no lab of
        # their own: a join made PostgreSQL hash all 100,000 projects for 2,000 of them.
        # Unordered: the projects' default order (by title) would sort each lookup.
        lead_lab = (
            Project.objects.filter(pk=OuterRef("project_id")).order_by().values("lead_lab_id")[:1]
        )
        queryset = queryset.annotate(
            funded_lab_id=Coalesce("lab_id", Subquery(lead_lab), output_field=BigIntegerField())
        )
    group = _GROUP_EXPRESSIONS[by]
    grouped = {row[group]: total_of(row) for row in aggregate(queryset, group)}
    if top is not None and len(grouped) > top:
        return _top_totals(by, grouped, top)
    return _totals(by, grouped)


def _top_totals(by: str, grouped: dict, count: int) -> Totals:
    """`_totals(by, grouped).top(count)`, labelling only the rows that may be kept: those
    ranked above the `count`-th by amount and count, and every row tied with it (ties are
    then ordered by label, as the whole sorted grouping would have them)."""

    def rank(value):
        total = grouped[value]
        return (-total.amount_eur, -total.count)

    ranked = sorted(grouped, key=rank)
    boundary = rank(ranked[count - 1])
    candidates = [value for value in ranked if rank(value) <= boundary]
    partial = _totals(by, {value: grouped[value] for value in candidates})
    kept = sorted(partial.rows, key=lambda r: (-r.total.amount_eur, -r.total.count))[:count]
    kept_keys = {row.key for row in kept}
    rest = [
        total
        for value, total in grouped.items()
        if ("" if value is None else str(value)) not in kept_keys
    ]
    others = TotalRow(key="*", label=OTHERS % {"count": len(rest)}, total=_added(rest))
    overall = _added(grouped.values())
    return Totals(by=by, rows=[*kept, others], overall=overall)


def funding_totals_by(
    *, user, bys: tuple[str, ...], filters: AllocationFilters | None = None
) -> dict[str, Totals]:
    """`funding_totals` for several groupings (not "lab") from ONE grouped query over
    every grouping's column at once, each then added up here: the dashboard's four tables
    read 10,000 allocations once instead of four times."""
    if not set(bys) <= set(GROUPINGS) - {"lab"}:
        raise ValueError(f"unknown grouping in {bys!r}")
    groups = [_GROUP_EXPRESSIONS[by] for by in bys]
    rows = list(readable(user, filters).values(*groups).annotate(**MEASURES).order_by())
    result = {}
    for by, group in zip(bys, groups, strict=True):
        # Plain sums per value (thousands of rows: no Total object per addition).
        sums: dict = {}
        for row in rows:
            acc = sums.setdefault(row[group], [0, ZERO, 0, ZERO])
            acc[0] += row["n"] or 0
            acc[1] += row["amount"] or ZERO
            acc[2] += row["unknown"] or 0
            acc[3] += row["staff"] or ZERO
        grouped = {value: Total(*acc) for value, acc in sums.items()}
        result[by] = _totals(by, grouped)
    return result


def _added(totals) -> Total:
    """The sum of `totals`, measure by measure (a thousand rows: no Total per addition)."""
    totals = list(totals)
    return Total(
        count=sum(t.count for t in totals),
        amount_eur=sum((t.amount_eur for t in totals), ZERO),
        unknown_amounts=sum(t.unknown_amounts for t in totals),
        fte=sum((t.fte for t in totals), ZERO),
    )


def _totals(by: str, grouped: dict) -> Totals:
    labels = _labels(by, [value for value in grouped if value is not None])
    rows = [
        TotalRow(
            key="" if value is None else str(value),
            label=labels.get(value, NOT_STATED),
            total=total,
        )
        for value, total in grouped.items()
    ]
    rows.sort(key=lambda row: (row.key == "", _sort_key(by, row)))
    return Totals(by=by, rows=rows, overall=_added(row.total for row in rows))


def _sort_key(by: str, row: TotalRow):
    if by == "year":
        return -int(row.key) if row.key else 0
    if by == "status":
        return AllocationStatus.values.index(row.key)
    return str(row.label).lower()


def _labels(by: str, values: list) -> dict:
    if by == "source":
        return dict(FundingSource.objects.filter(pk__in=values).values_list("pk", "name"))
    if by == "envelope":
        return dict(Envelope.objects.filter(pk__in=values).values_list("pk", "name"))
    if by == "region":
        return dict(Region.objects.filter(pk__in=values).values_list("pk", "name"))
    if by == "lab":
        return dict(Lab.objects.filter(pk__in=values).values_list("pk", "name"))
    if by == "status":
        return {value: AllocationStatus(value).label for value in values}
    return {value: str(value) for value in values}


def overall_total(*, user, filters: AllocationFilters | None = None) -> Total:
    queryset = readable(user, filters)
    return total_of(aggregate(queryset, None))


def envelope_status_totals(*, user, envelope_ids=None, filters=None) -> dict[int, dict[str, Total]]:
    """{envelope id: {status: Total}} of the allocations `user` may read, in one query."""
    queryset = readable(user, filters)
    if envelope_ids is not None:
        queryset = queryset.filter(envelope_id__in=list(envelope_ids))
    result: dict[int, dict[str, Total]] = defaultdict(dict)
    for row in queryset.values("envelope_id", "status").annotate(**MEASURES).order_by():
        result[row["envelope_id"]][row["status"]] = total_of(row)
    return result
