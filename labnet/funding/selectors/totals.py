"""Totals of the allocations a reader may see, grouped by one of GROUPINGS."""

from collections import defaultdict

from django.db.models.functions import Coalesce

from labnet.labs.models import Lab
from labnet.territories.models import Region

from ..enums import AllocationStatus
from ..models import ZERO, Envelope, FundingSource
from .base import (
    MEASURES,
    NOT_STATED,
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


def funding_totals(*, user, by: str, filters: AllocationFilters | None = None) -> Totals:
    """Totals of the allocations `user` may read, grouped `by` one of GROUPINGS.

    Every allocation is in exactly one row (allocations with no year, region or lab in a
    "non indiqué" row), so the rows always add up to `overall`. Three queries at most.
    """
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    queryset = readable(user, filters)
    if by == "lab":
        queryset = queryset.annotate(funded_lab_id=Coalesce("lab_id", "project__lead_lab_id"))
    group = _GROUP_EXPRESSIONS[by]
    grouped = {row[group]: total_of(row) for row in aggregate(queryset, group)}
    return _totals(by, grouped)


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
    overall = sum((row.total for row in rows), Total())
    return Totals(by=by, rows=rows, overall=overall)


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
