"""Time to first answer, per lab and for the network: public figures.

Every request with a first answer counts once, for the lab whose commitment it was measured
against (`first_answer_lab`: a request passed on to another lab counts for the first one).
Each request carries its measure, set when it is saved (`Request.first_answer_delay`,
`first_answer_in_time`); the database ranks the delays of each group over an index and
returns only the rows the median and the 90th percentile are interpolated between
(`_figures`), so a figure costs one query and a few rows whatever the number of requests,
the same on SQLite and PostgreSQL (docs/adr/0054-intake-precomputed-response-times.md).
Every figure of response times (these pages, the API, the open data, the statistics) is
computed by `_figures`: one number, computed one way.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, F, Sum, Value, When, Window
from django.db.models.functions import RowNumber

from .models import Request


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


# What `percentile` reads of a group of n sorted values: the ranks (from 0) it
# interpolates between for the median and the 90th percentile.
PERCENTILES = (50, 90)


def _needed_ranks(count: int) -> set[int]:
    lows = {int((count - 1) * p / 100) for p in PERCENTILES}
    return {rank for low in lows for rank in (low, low + 1) if rank < count}


def _rank_condition(g: int) -> str:
    # The same ranks in SQL: integer division truncates the positive rank as int() does.
    rank, count = f"rt_rank_{g} - 1", f"rt_count_{g}"
    lows = [f"({count} - 1) * {p} / 100" for p in PERCENTILES]
    return " OR ".join(f"{rank} = {low} OR {rank} = {low} + 1" for low in lows)


def _as_delay(value) -> timedelta:
    # PostgreSQL returns an interval; SQLite the microseconds Django stores.
    return value if isinstance(value, timedelta) else timedelta(microseconds=value)


def _figures(requests, *groupings, lab_labels=False) -> list[dict[tuple, ResponseTimes]]:
    """The figures of `requests` (any queryset of Request) per group of each grouping (a
    tuple of field names; `()` is the whole set, one group keyed `()`), in ONE query
    whatever the number of requests; with `lab_labels`, each row also carries the key and
    name of its `first_answer_lab` (keys then end with them).

    The database ranks each group's precomputed delays (`Request.first_answer_delay`, over
    an index) and returns only the rows `percentile` interpolates between, with the
    group's count and how many were answered in time. The percentiles are computed here
    from those rows exactly as from the whole sorted list: same values, same floats.
    """
    fields = list(dict.fromkeys(name for grouping in groupings for name in grouping))
    windows = {}
    for g, grouping in enumerate(groupings):
        partition = [F(name) for name in grouping] or None
        windows |= {
            f"rt_rank_{g}": Window(
                RowNumber(), partition_by=partition, order_by=F("first_answer_delay").asc()
            ),
            f"rt_count_{g}": Window(Count("pk"), partition_by=partition),
            f"rt_in_time_{g}": Window(
                Sum(Case(When(first_answer_in_time=True, then=Value(1)), default=Value(0))),
                partition_by=partition,
            ),
        }
    names = [f"rt_field_{i}" for i in range(len(fields))]
    windowed = (
        requests.filter(first_answer_delay__isnull=False)
        .order_by()
        .annotate(
            **dict(zip(names, map(F, fields), strict=True)),
            rt_delay=F("first_answer_delay"),
            **windows,
        )
        .values_list(*names, "rt_delay", *windows)
    )
    try:
        sql, params = windowed.query.sql_with_params()
    except EmptyResultSet:  # a filter nothing can match (`none()`, `pk__in=[]`)
        return [{} for _ in groupings]
    where = " OR ".join(f"({_rank_condition(g)})" for g in range(len(groupings)))
    select, join = "ranked.*", ""
    if lab_labels:
        from labnet.labs.models import Lab

        lab = fields.index("first_answer_lab")
        # Joined to the few rows kept, not to every request ranked.
        q = connection.ops.quote_name
        select += f", lab.{q('key')}, lab.{q('name')}"
        join = f"LEFT JOIN {q(Lab._meta.db_table)} AS lab ON lab.{q('id')} = ranked.rt_field_{lab}"
    found = [{} for _ in groupings]
    with connection.cursor() as cursor:
        cursor.execute(
            # Only fixed names and numbers are formatted in; values go as parameters.
            f"SELECT {select} FROM ({sql}) AS ranked {join} WHERE {where}",  # noqa: S608
            params,
        )
        for row in cursor.fetchall():
            values = dict(zip(fields, row, strict=False))
            hours = _as_delay(row[len(fields)]).total_seconds() / 3600
            labels = tuple(row[len(fields) + 1 + 3 * len(groupings) :])
            for g, grouping in enumerate(groupings):
                rank, count, in_time = row[len(fields) + 1 + 3 * g : len(fields) + 4 + 3 * g]
                if rank - 1 not in _needed_ranks(count):
                    continue
                key = tuple(values[name] for name in grouping) + (labels if grouping else ())
                entry = found[g].setdefault(key, {"count": count, "in_time": in_time, "at": {}})
                entry["at"][rank - 1] = hours
    return [{key: _from_ranks(**entry) for key, entry in groups.items()} for groups in found]


def _from_ranks(*, count: int, in_time: int, at: dict[int, float]) -> ResponseTimes:
    def interpolated(p):
        # `percentile` over the sorted hours, reading only the ranks it uses.
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


NOTHING_ANSWERED = ResponseTimes(
    count=0, median_hours=None, p90_hours=None, within_commitment_share=None
)


def response_times_of(requests) -> ResponseTimes:
    """The figures of any set of requests (a queryset of Request: a region's, a year's),
    measured exactly as the network's and each lab's are. One query."""
    (network,) = _figures(requests, ())
    return network.get((), NOTHING_ANSWERED)


def response_times() -> tuple[ResponseTimes, list[LabResponseTimes]]:
    """The network's figures and each lab's (labs with at least one answer, by name), in
    one query."""
    network, per_lab = _figures(Request.objects.all(), (), ("first_answer_lab",), lab_labels=True)
    by_lab = [
        LabResponseTimes(lab_id=lab_id, lab_key=key, lab_name=name, times=times)
        for (lab_id, key, name), times in per_lab.items()
        if lab_id is not None  # the lab was deleted: counted for the network only
    ]
    by_lab.sort(key=lambda row: (row.lab_name.lower(), row.lab_key))
    return network.get((), NOTHING_ANSWERED), by_lab


def lab_response_times(*, lab) -> ResponseTimes:
    """One lab's figures (its inbox shows them), in one query."""
    return response_times_of(Request.objects.filter(first_answer_lab=lab))


@dataclass(frozen=True)
class MonthlyResponseTimes:
    lab_key: str
    lab_name: str
    month: str  # "YYYY-MM" of submission, in Paris time
    times: ResponseTimes


def monthly_response_times() -> list[MonthlyResponseTimes]:
    """Each lab's figures per month of submission (the processing times administrations
    are asked to publish), labs by key then months in order, in one query."""
    (groups,) = _figures(
        Request.objects.filter(first_answer_lab__isnull=False),
        ("first_answer_lab", "first_answer_month"),
        lab_labels=True,
    )
    return sorted(
        (
            MonthlyResponseTimes(lab_key=key, lab_name=name, month=month, times=times)
            for (_lab_id, month, key, name), times in groups.items()
        ),
        key=lambda row: (row.lab_key, row.month),
    )
