"""The response-time figures kept computed (`ResponseTimeFigure`): the network, each lab,
each lab and month of submission. These are what the public pages, the API and the open
data list; without them each page would rank every answered request again.

Kept exact by `Request.save`, which calls `refresh` whenever a request's measure (its delay,
whether it was in time, its lab or its month) changes: a lab's first answer, a correction.
Only drafts are ever deleted, and they are never measured. A write that bypasses `save`
(a bulk import, the benchmark generator, a manual UPDATE) is followed by `rebuild`
(`manage.py intake_response_times_rebuild`), which the migration creating the table ran
once. Every figure is computed by `stats.figures_of` (docs/adr/0054).
"""

from django.db import transaction
from django.dispatch import receiver

from .measures import first_answer_measures, measure_changed
from .models import Request, ResponseTimeFigure
from .stats import ResponseTimes, figures_of, grouped_figures_of


def _values(times: ResponseTimes) -> dict:
    return {
        "count": times.count,
        "in_time": round((times.within_commitment_share or 0) * times.count),
        "median_hours": times.median_hours,
        "p90_hours": times.p90_hours,
    }


def _write(lab_id, month, times: ResponseTimes, figure_model=ResponseTimeFigure) -> None:
    rows = figure_model.objects.filter(lab_id=lab_id, month=month)
    if not times.count and lab_id is not None:
        rows.delete()  # a lab with nothing answered is not listed
    elif not rows.update(**_values(times)):
        figure_model.objects.create(lab_id=lab_id, month=month, **_values(times))


@receiver(measure_changed)
def _refresh_on_save(sender, *, network, labs, lab_months, **kwargs) -> None:
    refresh(network=network, labs=labs, lab_months=lab_months)


def refresh(*, network: bool, labs=(), lab_months=()) -> None:
    """Compute again the network's figures (`network`), those of `labs` (ids) and of
    `lab_months` ((lab id, "YYYY-MM") pairs), inside the caller's transaction.

    The network's row is locked first, by every refresh: two first answers at once are
    counted one after the other, each seeing the other's once committed (on PostgreSQL;
    SQLite serialises writers anyway).
    """
    labs = {lab_id for lab_id in labs if lab_id is not None}
    lab_months = {(lab_id, month) for lab_id, month in lab_months if lab_id and month}
    if not (network or labs or lab_months):
        return
    with transaction.atomic():
        locked = ResponseTimeFigure.objects.select_for_update().filter(lab__isnull=True, month="")
        if not locked.exists():
            network = True
        if network:
            _write(None, "", figures_of(Request.objects.all()))
        for lab_id in sorted(labs):
            _write(lab_id, "", figures_of(Request.objects.filter(first_answer_lab_id=lab_id)))
        for lab_id, month in sorted(lab_months):
            times = figures_of(
                Request.objects.filter(first_answer_lab_id=lab_id, first_answer_month=month)
            )
            _write(lab_id, month, times)


MEASURE_BATCH = 2_000


def measure_all(*, request_model=Request) -> int:
    """Measure every sent and answered request again (`first_answer_measures`), for rows
    written without `Request.save`; batch by batch, memory flat. Returns how many. Then
    `rebuild`. The model may be a migration's."""

    answered = request_model.objects.filter(
        submitted_at__isnull=False, first_answered_at__isnull=False
    ).order_by("pk")
    last, count = 0, 0
    while batch := list(
        answered.filter(pk__gt=last).only(
            "pk", "submitted_at", "first_answered_at", "first_answer_commitment_hours"
        )[:MEASURE_BATCH]
    ):
        for request in batch:
            (
                request.first_answer_delay,
                request.first_answer_in_time,
                request.first_answer_month,
            ) = first_answer_measures(
                request.submitted_at,
                request.first_answered_at,
                request.first_answer_commitment_hours,
            )
        # bulk_update, not save: the kept figures are rebuilt once at the end.
        request_model.objects.bulk_update(
            batch, ["first_answer_delay", "first_answer_in_time", "first_answer_month"]
        )
        last, count = batch[-1].pk, count + len(batch)
    return count


def rebuild(*, request_model=Request, figure_model=ResponseTimeFigure) -> int:
    """Every kept figure computed again from the requests, in three queries and one
    transaction; returns how many rows. The models may be a migration's. The grouped
    figures are ranked in one query each (`grouped_figures_of`), by the same ranks and the
    same interpolation as `figures_of`."""
    with transaction.atomic():
        requests = request_model.objects.all()
        labs = requests.filter(first_answer_lab__isnull=False)
        network = figures_of(requests)
        rows = [figure_model(lab_id=None, month="", **_values(network))]
        for (lab_id,), times in grouped_figures_of(labs, ("first_answer_lab",)).items():
            rows.append(figure_model(lab_id=lab_id, month="", **_values(times)))
        grouped = grouped_figures_of(labs, ("first_answer_lab", "first_answer_month"))
        for (lab_id, month), times in grouped.items():
            rows.append(figure_model(lab_id=lab_id, month=month, **_values(times)))
        figure_model.objects.all().delete()
        figure_model.objects.bulk_create(rows, batch_size=2_000)
    return len(rows)
