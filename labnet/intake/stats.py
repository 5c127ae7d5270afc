"""Time to first answer, per lab and for the network: public figures.

Every request with a first answer counts once, for the lab whose commitment it was measured
against (`first_answer_lab`: a request passed on to another lab counts for the first one).
Each request carries its measure, set when it is saved (`Request.first_answer_delay`,
`first_answer_in_time`). `figures_of` computes the figures of any set of requests in SQL:
the count and the in-time count, and the few delays the median and the 90th percentile
are interpolated between, found by rank over an index; the interpolation is `percentile`'s.
The fixed groups the public pages list (the network, each lab, each lab and month) are kept
computed in `ResponseTimeFigure` rows by `labnet.intake.stats_store`, with that same
function, so the pages read them in one query whatever the number of requests; the
statistics, for any year or region, call `response_times_of`, that same function again.
One number, computed one way (docs/adr/0054-intake-precomputed-response-times.md).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, F, Subquery, Sum, Value, When, Window
from django.db.models.functions import RowNumber

from .models import ResponseTimeFigure


@dataclass(frozen=True)
class ResponseTimes:
    count: int
    median_hours: float | None
    p90_hours: float | None
    # Between 0 and 1; None when nothing was answered yet.
    within_commitment_share: float | None

    @property
    def within_commitment_percent(self) -> int | None:
        if self.within_commitment_share is None:
            return None
        return round(self.within_commitment_share * 100)


@dataclass(frozen=True)
class LabResponseTimes:
    lab_id: int
    lab_key: str
    lab_name: str
    times: ResponseTimes


def percentile(sorted_values: list[float], p: float) -> float | None:
    """Linear interpolation between closest ranks (the "inclusive" method)."""
    if not sorted_values:
        return None
    rank = (len(sorted_values) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (rank - low)


# What `percentile` reads of a group of n sorted values: the two ranks (from 0) it
# interpolates between for the median and the 90th percentile.
PERCENTILES = (50, 90)


def _from_ranks(count: int, in_time: int, at: dict) -> ResponseTimes:
    """`percentile` over the group's sorted hours, from the only ranks it reads."""

    def interpolated(p):
        rank = (count - 1) * p / 100
        low = int(rank)
        high = min(low + 1, count - 1)
        return at[low] + (at[high] - at[low]) * (rank - low)

    return ResponseTimes(
        count=count,
        median_hours=interpolated(50),
        p90_hours=interpolated(90),
        within_commitment_share=in_time / count,
    )


def _hours(value) -> float | None:
    if value is None:
        return None
    # PostgreSQL returns an interval; SQLite the microseconds Django stores. Hours are
    # then computed as they always were: timedelta.total_seconds() / 3600.
    delay = value if isinstance(value, timedelta) else timedelta(microseconds=value)
    return delay.total_seconds() / 3600


def _measured(requests, group=()):
    names = [f"rt_g{i}" for i in range(len(group))]
    return names, (
        requests.filter(first_answer_delay__isnull=False)
        .order_by()
        .annotate(
            **dict(zip(names, map(F, group), strict=True)),
            rt_delay=F("first_answer_delay"),
            rt_in_time=Case(When(first_answer_in_time=True, then=Value(1)), default=Value(0)),
        )
    )


def _ranks(count: int) -> list[int]:
    # The two ranks (from 0) `percentile` reads for each percentile, by integer division
    # as int() truncates its positive rank; past the last rank, SQL finds nothing.
    return [(count - 1) * p // 100 + step for p in PERCENTILES for step in (0, 1)]


def figures_of(requests) -> ResponseTimes:
    """The figures of `requests` (any queryset of Request). Two queries whatever their
    number: how many were answered, and in time; then the four delays `percentile` reads,
    each found by its rank (`ORDER BY delay LIMIT 1 OFFSET rank`), which the indexes on
    (delay) and (lab, delay) serve without sorting or reading the requests' rows."""
    _names, measured = _measured(requests)
    # COUNT(*): no column outside the indexes, so they answer alone.
    totals = measured.aggregate(n=Count("*"), k=Sum("rt_in_time"))
    count = totals["n"]
    if not count:
        return NOTHING_ANSWERED
    # Ties are equal delays: their order changes no value read.
    ordered = measured.order_by("rt_delay").values_list("rt_delay", flat=True)
    ranks = _ranks(count)
    row = list(
        measured.annotate(
            **{f"rt_r{i}": Subquery(ordered[rank : rank + 1]) for i, rank in enumerate(ranks)}
        ).values_list(*(f"rt_r{i}" for i in range(len(ranks))))[:1]
    )
    if not row:  # every answered request was deleted between the two queries
        return NOTHING_ANSWERED
    at = {}
    for rank, delay in zip(ranks, row[0], strict=True):
        at.setdefault(rank, _hours(delay))
    return _from_ranks(count, totals["k"], at)


def grouped_figures_of(requests, group) -> dict[tuple, ResponseTimes]:
    """The figures of `requests` per value of the `group` fields, in ONE query, for
    rebuilding every kept figure at once (`stats_store.rebuild`): each group's delays are
    ranked (ROW_NUMBER) and only the rows at the ranks `percentile` reads come back."""
    names, measured = _measured(requests, group)
    partition = [F(name) for name in names]
    windowed = measured.annotate(
        rt_rank=Window(RowNumber(), partition_by=partition, order_by=F("rt_delay").asc()),
        rt_count=Window(Count("pk"), partition_by=partition),
        rt_in_time_count=Window(Sum("rt_in_time"), partition_by=partition),
    ).values_list(*names, "rt_delay", "rt_rank", "rt_count", "rt_in_time_count")
    try:
        sql, params = windowed.query.sql_with_params()
    except EmptyResultSet:  # a filter nothing can match
        return {}
    lows = [f"(rt_count - 1) * {p} / 100" for p in PERCENTILES]
    kept = " OR ".join(f"rt_rank - 1 IN ({low}, {low} + 1)" for low in lows)
    groups = {}
    with connection.cursor() as cursor:
        # Only fixed names and numbers are formatted in; values go as parameters.
        cursor.execute(f"SELECT * FROM ({sql}) AS ranked WHERE {kept}", params)  # noqa: S608
        for *key, delay, rank, count, in_time in cursor.fetchall():
            entry = groups.setdefault(tuple(key), (count, in_time, {}))
            entry[2][rank - 1] = _hours(delay)
    return {key: _from_ranks(*entry) for key, entry in groups.items()}


NOTHING_ANSWERED = ResponseTimes(
    count=0, median_hours=None, p90_hours=None, within_commitment_share=None
)


@dataclass(frozen=True)
class KeptFigure:
    lab_id: int | None
    lab_key: str | None
    lab_name: str | None
    month: str
    times: ResponseTimes


def _times(count, in_time, median_hours, p90_hours) -> ResponseTimes:
    if not count:
        return NOTHING_ANSWERED
    return ResponseTimes(
        count=count,
        median_hours=median_hours,
        p90_hours=p90_hours,
        within_commitment_share=in_time / count,
    )


def kept_figures(*, month=None, lab=None, monthly=False) -> list[KeptFigure]:
    """The kept figures of one `month` ("" for all months), of one `lab`, or every lab's
    monthly ones, with their lab's key and name. One query, plain rows (a thousand labs)."""
    figures = ResponseTimeFigure.objects.all()
    if monthly:
        figures = figures.exclude(month="").filter(lab__isnull=False)
    if month is not None:
        figures = figures.filter(month=month)
    if lab is not None:
        figures = figures.filter(lab=lab)
    rows = figures.values_list(
        "lab_id", "lab__key", "lab__name", "month", "count", "in_time", "median_hours", "p90_hours"
    )
    return [
        KeptFigure(lab_id, key, name, month, _times(*numbers))
        for lab_id, key, name, month, *numbers in rows.iterator(chunk_size=2_000)
    ]


def response_times_of(requests) -> ResponseTimes:
    """The figures of any set of requests (a queryset of Request: a region's, a year's),
    measured exactly as the network's and each lab's are. Two queries."""
    return figures_of(requests)


def response_times() -> tuple[ResponseTimes, list[LabResponseTimes]]:
    """The network's figures and each lab's (labs with at least one answer, by name), as
    kept (`stats_store`). One query."""
    network, by_lab = NOTHING_ANSWERED, []
    for figure in kept_figures(month=""):
        if figure.lab_id is None:
            network = figure.times
        else:
            by_lab.append(
                LabResponseTimes(
                    lab_id=figure.lab_id,
                    lab_key=figure.lab_key,
                    lab_name=figure.lab_name,
                    times=figure.times,
                )
            )
    by_lab.sort(key=lambda row: (row.lab_name.lower(), row.lab_key))
    return network, by_lab


def lab_response_times(*, lab) -> ResponseTimes:
    """One lab's figures (its inbox shows them), in one query."""
    figure = next(iter(kept_figures(month="", lab=lab)), None)
    return figure.times if figure is not None else NOTHING_ANSWERED


@dataclass(frozen=True)
class MonthlyResponseTimes:
    lab_key: str
    lab_name: str
    month: str  # "YYYY-MM" of submission, in Paris time
    times: ResponseTimes


def monthly_response_times() -> list[MonthlyResponseTimes]:
    """Each lab's figures per month of submission (the processing times administrations
    are asked to publish), labs by key then months in order, as kept. One query."""
    return sorted(
        (
            MonthlyResponseTimes(
                lab_key=figure.lab_key,
                lab_name=figure.lab_name,
                month=figure.month,
                times=figure.times,
            )
            for figure in kept_figures(monthly=True)
        ),
        key=lambda row: (row.lab_key, row.month),
    )
