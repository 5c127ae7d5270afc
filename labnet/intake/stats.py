"""Time to first answer, per lab and for the network: public figures.

Every request with a first answer counts once, for the lab whose commitment it was measured
against (`first_answer_lab`: a request passed on to another lab counts for the first one).
The (lab, submitted, answered, commitment) rows come in ONE query; the median, the 90th
percentile and the share answered in time are computed here, which works the same on
SQLite and PostgreSQL.
"""

from dataclasses import dataclass
from datetime import timedelta

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


def _summary(rows: list[tuple[float, bool]]) -> ResponseTimes:
    hours = sorted(h for h, _ in rows)
    in_time = sum(1 for _, ok in rows if ok)
    return ResponseTimes(
        count=len(rows),
        median_hours=percentile(hours, 50),
        p90_hours=percentile(hours, 90),
        within_commitment_share=in_time / len(rows) if rows else None,
    )


def _rows(lab_id=None):
    answered = Request.objects.filter(first_answered_at__isnull=False, submitted_at__isnull=False)
    if lab_id is not None:
        answered = answered.filter(first_answer_lab_id=lab_id)
    return answered.order_by().values_list(
        "first_answer_lab_id",
        "first_answer_lab__key",
        "first_answer_lab__name",
        "submitted_at",
        "first_answered_at",
        "first_answer_commitment_hours",
    )


def _measure(submitted_at, answered_at, commitment_hours) -> tuple[float, bool]:
    delay = answered_at - submitted_at
    in_time = commitment_hours is not None and delay <= timedelta(hours=commitment_hours)
    return delay.total_seconds() / 3600, in_time


def response_times_of(requests) -> ResponseTimes:
    """The figures of any set of requests (a queryset of Request: a region's, a year's),
    measured exactly as the network's and each lab's are. One query."""
    rows = (
        requests.filter(first_answered_at__isnull=False, submitted_at__isnull=False)
        .order_by()
        .values_list("submitted_at", "first_answered_at", "first_answer_commitment_hours")
    )
    return _summary([_measure(*row) for row in rows])


def response_times() -> tuple[ResponseTimes, list[LabResponseTimes]]:
    """The network's figures and each lab's (labs with at least one answer, by name)."""
    network, per_lab, labs = [], {}, {}
    for lab_id, key, name, submitted_at, answered_at, commitment in _rows():
        measure = _measure(submitted_at, answered_at, commitment)
        network.append(measure)
        if lab_id is not None:
            per_lab.setdefault(lab_id, []).append(measure)
            labs[lab_id] = (key, name)
    by_lab = [
        LabResponseTimes(lab_id=lab_id, lab_key=key, lab_name=name, times=_summary(per_lab[lab_id]))
        for lab_id, (key, name) in labs.items()
    ]
    by_lab.sort(key=lambda row: (row.lab_name.lower(), row.lab_key))
    return _summary(network), by_lab


def lab_response_times(*, lab) -> ResponseTimes:
    """One lab's figures (its inbox shows them), in one query."""
    return _summary([_measure(*row[3:]) for row in _rows(lab_id=lab.pk)])


@dataclass(frozen=True)
class MonthlyResponseTimes:
    lab_key: str
    lab_name: str
    month: str  # "YYYY-MM" of submission, in Paris time
    times: ResponseTimes


def monthly_response_times() -> list[MonthlyResponseTimes]:
    """Each lab's figures per month of submission (the processing times administrations
    are asked to publish), labs by key then months in order, in one query."""
    from zoneinfo import ZoneInfo

    paris = ZoneInfo("Europe/Paris")
    groups: dict[tuple[str, str], list[tuple[float, bool]]] = {}
    names: dict[str, str] = {}
    for lab_id, key, name, submitted_at, answered_at, commitment in _rows():
        if lab_id is None:
            continue
        month = submitted_at.astimezone(paris).strftime("%Y-%m")
        groups.setdefault((key, month), []).append(_measure(submitted_at, answered_at, commitment))
        names[key] = name
    return [
        MonthlyResponseTimes(lab_key=key, lab_name=names[key], month=month, times=_summary(rows))
        for (key, month), rows in sorted(groups.items())
    ]
