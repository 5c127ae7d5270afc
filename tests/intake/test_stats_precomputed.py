"""The response-time figures read from each request's precomputed measure
(`Request.first_answer_delay`, ranked by the database) are exactly those of the former
computation, which read every answered request and sorted the delays in Python
(docs/adr/0054-intake-precomputed-response-times.md)."""

import datetime
import importlib
import random
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.utils import timezone

from labnet.intake.enums import RequestStatus
from labnet.intake.models import Request, ResponseTimeFigure
from labnet.intake.stats import (
    ResponseTimes,
    lab_response_times,
    monthly_response_times,
    percentile,
    response_times,
    response_times_of,
)
from labnet.intake.stats_store import rebuild
from tests.factories import LabFactory, RequestFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def _measure(submitted_at, answered_at, commitment_hours):
    # The former labnet.intake.stats._measure, word for word.
    delay = answered_at - submitted_at
    in_time = commitment_hours is not None and delay <= datetime.timedelta(hours=commitment_hours)
    return delay.total_seconds() / 3600, in_time


def _summary(rows):
    # The former labnet.intake.stats._summary, word for word.
    hours = sorted(h for h, _ in rows)
    in_time = sum(1 for _, ok in rows if ok)
    return ResponseTimes(
        count=len(rows),
        median_hours=percentile(hours, 50),
        p90_hours=percentile(hours, 90),
        within_commitment_share=in_time / len(rows) if rows else None,
    )


def _reference(requests):
    rows = requests.filter(first_answered_at__isnull=False, submitted_at__isnull=False)
    return [
        (
            r.first_answer_lab_id,
            r.submitted_at,
            _measure(r.submitted_at, r.first_answered_at, r.first_answer_commitment_hours),
        )
        for r in rows
    ]


@pytest.fixture
def varied():
    """Requests of three labs over several months, with equal delays, sub-second
    differences, no commitment, a deleted lab's answers and unanswered ones."""
    rng = random.Random(7)
    labs = [LabFactory(name=name) for name in ("Alpha", "beta", "Gamma")]
    start = datetime.datetime(2025, 1, 31, 23, 30, tzinfo=datetime.UTC)  # February in Paris
    for n in range(140):
        lab = labs[n % 3]
        submitted = start + datetime.timedelta(days=rng.randrange(120), minutes=rng.randrange(600))
        hours = rng.choice([1, 1, 24, 47.5, rng.random() * 200])
        RequestFactory(
            status=RequestStatus.ACCEPTED,
            lab=lab,
            submitted_at=submitted,
            first_answered_at=submitted
            + datetime.timedelta(hours=hours, microseconds=rng.randrange(1000)),
            first_answer_lab=lab,
            first_answer_commitment_hours=rng.choice([24, 48, None]),
        )
    RequestFactory(submitted=True, lab=labs[0])  # sent, not answered
    orphan = RequestFactory(
        status=RequestStatus.DECLINED,
        submitted_at=start,
        first_answered_at=start + datetime.timedelta(hours=3),
        first_answer_commitment_hours=24,
    )
    assert orphan.first_answer_lab_id is None
    return labs


def test_the_network_and_each_lab_as_before(varied):
    rows = _reference(Request.objects.all())
    network, by_lab = response_times()

    assert network == _summary([m for _, _, m in rows])
    assert network.count == 141
    expected = {
        lab.name: _summary([m for lab_id, _, m in rows if lab_id == lab.pk]) for lab in varied
    }
    assert [row.lab_name for row in by_lab] == ["Alpha", "beta", "Gamma"]
    assert {row.lab_name: row.times for row in by_lab} == expected
    for lab in varied:
        assert lab_response_times(lab=lab) == expected[lab.name]


def test_any_subset_as_before(varied):
    subset = Request.objects.filter(submitted_at__month=3, first_answer_lab__in=varied[:2])
    assert response_times_of(subset) == _summary([m for _, _, m in _reference(subset)])
    assert response_times_of(Request.objects.none()) == _summary([])


def test_each_lab_and_month_as_before(varied):
    rows = _reference(Request.objects.filter(first_answer_lab__isnull=False))
    groups = {}
    for lab_id, submitted_at, measure in rows:
        month = submitted_at.astimezone(PARIS).strftime("%Y-%m")
        groups.setdefault((lab_id, month), []).append(measure)
    keys = {lab.pk: lab.key for lab in varied}
    expected = sorted(
        (keys[lab_id], month, _summary(measures)) for (lab_id, month), measures in groups.items()
    )

    found = monthly_response_times()

    assert [(row.lab_key, row.month, row.times) for row in found] == expected
    # Sent on January 31 in UTC, on February 1 in Paris: February's.
    assert min(row.month for row in found) == "2025-02"


def test_the_figures_take_one_query_whatever_the_number(varied, django_assert_num_queries):
    with django_assert_num_queries(1):
        response_times()
    with django_assert_num_queries(1):
        monthly_response_times()
    with django_assert_num_queries(2):
        response_times_of(Request.objects.filter(lab=varied[0]))


def test_the_kept_figures_are_those_computed_again_from_scratch(varied):
    """Kept one request at a time by `Request.save`, they are what `rebuild` computes
    from all the requests at once (and the former computation, above)."""
    kept = sorted(
        (f.lab_id or 0, f.month, f.count, f.in_time, f.median_hours, f.p90_hours)
        for f in ResponseTimeFigure.objects.all()
    )
    assert len(kept) == 1 + 3 + 3 * 4  # the network, each lab, each lab in 4 months

    rebuild()

    assert kept == sorted(
        (f.lab_id or 0, f.month, f.count, f.in_time, f.median_hours, f.p90_hours)
        for f in ResponseTimeFigure.objects.all()
    )


def test_a_lab_answering_first_moves_its_figures(lab_member, lab):
    """The decision service records the first answer; the kept figures follow at once."""
    from labnet.intake.services.decisions import request_decide

    from .helpers import sent_to

    request = sent_to(lab, hours_ago=30)
    assert lab_response_times(lab=lab).count == 0
    before, _ = response_times()

    request_decide(
        actor=lab_member, request=request, decision="ask_info", version=1, message="Précisez."
    )

    mine = lab_response_times(lab=lab)
    assert (mine.count, mine.within_commitment_share) == (1, 0.0)
    assert 30 <= mine.median_hours < 30.1
    network, by_lab = response_times()
    assert network.count == before.count + 1
    assert [row.lab_key for row in by_lab] == [lab.key]
    (month,) = monthly_response_times()
    assert (month.lab_key, month.times) == (lab.key, mine)


def test_saving_a_request_measures_its_first_answer():
    lab = LabFactory()
    submitted = datetime.datetime(2025, 6, 30, 22, 15, tzinfo=datetime.UTC)  # July in Paris
    request = RequestFactory(lab=lab, submitted_at=submitted)
    assert (request.first_answer_delay, request.first_answer_in_time) == (None, None)
    assert request.first_answer_month == ""

    request.first_answered_at = submitted + datetime.timedelta(hours=30)
    request.first_answer_commitment_hours = 24
    request.save(update_fields=["first_answered_at", "first_answer_commitment_hours"])
    request.refresh_from_db()
    assert request.first_answer_delay == datetime.timedelta(hours=30)
    assert request.first_answer_in_time is False
    assert request.first_answer_month == "2025-07"

    request.first_answer_commitment_hours = 48
    request.save()
    request.refresh_from_db()
    assert request.first_answer_in_time is True


def test_the_migration_measures_the_requests_already_answered():
    lab = LabFactory()
    submitted = timezone.now() - datetime.timedelta(days=3)
    request = RequestFactory(
        lab=lab,
        submitted_at=submitted,
        first_answered_at=submitted + datetime.timedelta(hours=5),
        first_answer_lab=lab,
        first_answer_commitment_hours=4,
    )
    # As a row written before the measure existed.
    Request.objects.filter(pk=request.pk).update(
        first_answer_delay=None, first_answer_in_time=None, first_answer_month=""
    )
    migration = importlib.import_module("labnet.intake.migrations.0004_first_answer_measures")

    migration.measure_existing(apps, None)

    request.refresh_from_db()
    assert request.first_answer_delay == datetime.timedelta(hours=5)
    assert request.first_answer_in_time is False
    assert request.first_answer_month == submitted.astimezone(PARIS).strftime("%Y-%m")


def test_the_rebuild_command_measures_rows_written_around_save(varied):
    """After an UPDATE that bypassed `Request.save`, the command puts measures and kept
    figures back in step."""
    import io

    from django.core.management import call_command

    before = response_times()
    Request.objects.update(first_answer_delay=None, first_answer_in_time=None)
    ResponseTimeFigure.objects.all().delete()
    out = io.StringIO()

    call_command("intake_response_times_rebuild", stdout=out)

    assert response_times() == before
    assert out.getvalue().startswith("141 demandes mesurées, 16 chiffres calculés")
