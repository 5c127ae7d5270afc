"""Progress towards a target: both directions, clamping, and what is not computable."""

import datetime as dt
from decimal import Decimal as D

import pytest

from labnet.impact.progress import progress


def p(direction, baseline, target, current, **dates):
    return progress(direction=direction, baseline=baseline, target=target, current=current, **dates)


@pytest.mark.parametrize(
    ("baseline", "target", "current", "expected"),
    [
        (D(10), D(30), D(20), D("50.0")),
        (D(10), D(30), D(10), D("0.0")),
        (D(10), D(30), D(30), D("100.0")),
        (D(10), D(30), D(45), D("100.0")),  # beyond the target: 100 %
        (D(10), D(30), D(5), D("0.0")),  # went the wrong way: 0 %
        (D(0), D(3), D(1), D("33.3")),
    ],
)
def test_higher_is_better(baseline, target, current, expected):
    assert p("increase", baseline, target, current).percent == expected


@pytest.mark.parametrize(
    ("baseline", "target", "current", "expected"),
    [
        (D(40), D(20), D(30), D("50.0")),  # halving a 40-day delay, 30 days now
        (D(40), D(20), D(20), D("100.0")),
        (D(40), D(20), D(10), D("100.0")),
        (D(40), D(20), D(50), D("0.0")),
        (D("-0.5"), D("-2.5"), D("-1"), D("25.0")),
    ],
)
def test_lower_is_better(baseline, target, current, expected):
    assert p("decrease", baseline, target, current).percent == expected


@pytest.mark.parametrize(
    ("baseline", "target", "current", "reason"),
    [
        (None, D(24), D(30), "valeur de référence non renseignée"),
        (D(48), None, D(30), "cible non renseignée"),
        (D(48), D(24), None, "aucune valeur mesurée"),
    ],
)
def test_missing_data_is_not_computable(baseline, target, current, reason):
    result = p("decrease", baseline, target, current)
    assert result.percent is None and not result.computable
    assert result.reason == reason
    assert not result.on_track
    assert result.width == "0"


def test_a_target_on_the_wrong_side_of_its_baseline_is_not_computable():
    assert p("decrease", D(10), D(20), D(15)).percent is None
    assert p("increase", D(20), D(10), D(15)).percent is None


def test_a_target_equal_to_its_baseline_is_met_on_the_right_side_only():
    assert p("increase", D(10), D(10), D(10)).percent == D(100)
    assert p("increase", D(10), D(10), D(9)).percent == D(0)
    assert p("decrease", D(10), D(10), D(9)).percent == D(100)


def test_on_track_compares_progress_with_the_time_elapsed():
    dates = {"baseline_on": dt.date(2024, 1, 1), "target_on": dt.date(2025, 1, 1)}
    half_year = dt.date(2024, 7, 2)
    assert p("increase", D(0), D(100), D(60), today=half_year, **dates).on_track
    assert not p("increase", D(0), D(100), D(40), today=half_year, **dates).on_track
    # Without dates only a reached target is on track.
    assert not p("increase", D(0), D(100), D(99)).on_track
    assert p("increase", D(0), D(100), D(100)).on_track


def test_the_bar_width_is_never_localised():
    assert p("increase", D(0), D(8), D(3)).width == "37.5"
