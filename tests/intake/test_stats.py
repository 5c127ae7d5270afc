import pytest

from labnet.intake.stats import lab_response_times, percentile, response_times
from tests.factories import LabFactory, RequestFactory

from .helpers import answered

pytestmark = pytest.mark.django_db


def test_percentile_interpolates_between_ranks():
    assert percentile([], 50) is None
    assert percentile([5.0], 90) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([float(h) for h in range(1, 11)], 90) == pytest.approx(9.1)


def test_figures_per_lab_and_for_the_network_in_one_query(django_assert_num_queries):
    fast = LabFactory(name="A rapide")
    slow = LabFactory(name="B lent", first_answer_hours=48)
    for hours in (1, 2, 3, 30):
        answered(fast, hours)
    for hours in (40, 50):
        answered(slow, hours, commitment=48)
    # Waiting, never answered: not counted.
    RequestFactory(submitted=True, lab=fast)

    with django_assert_num_queries(1):
        network, by_lab = response_times()

    assert network.count == 6
    assert network.median_hours == pytest.approx(16.5)
    assert network.within_commitment_share == pytest.approx(4 / 6)
    assert [row.lab_name for row in by_lab] == ["A rapide", "B lent"]
    a, b = (row.times for row in by_lab)
    assert (a.count, a.median_hours, a.within_commitment_share) == (4, 2.5, 0.75)
    assert a.p90_hours == pytest.approx(21.9)
    assert a.within_commitment_percent == 75
    assert (b.count, b.median_hours, b.p90_hours, b.within_commitment_share) == (
        2,
        45.0,
        49.0,
        0.5,
    )


def test_a_request_counts_for_the_lab_that_answered_first():
    first, second = LabFactory(), LabFactory()
    answered(second, 10, first_lab=first)
    assert lab_response_times(lab=first).count == 1
    assert lab_response_times(lab=second).count == 0
    empty = lab_response_times(lab=second)
    assert (empty.median_hours, empty.within_commitment_share, empty.within_commitment_percent) == (
        None,
        None,
        None,
    )
