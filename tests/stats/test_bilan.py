"""The bilan's verdict: a computed figure agrees with a stated one read with its
qualifier."""

from decimal import Decimal

import pytest

from labnet.figures.models import Qualifier, StatedFigure
from labnet.stats.bilan import AGREE, DIFFER, NOT_COMPUTED, verdict


def _stated(value, qualifier):
    return StatedFigure(value=Decimal(value), qualifier=qualifier)


@pytest.mark.parametrize(
    ("value", "qualifier", "computed", "expected"),
    [
        ("14", Qualifier.EXACT, 14, AGREE),
        ("14", Qualifier.EXACT, 13, DIFFER),
        ("200", Qualifier.AT_LEAST, 200, AGREE),
        ("200", Qualifier.AT_LEAST, 199, DIFFER),
        ("80", Qualifier.ABOUT, 72, AGREE),
        ("80", Qualifier.ABOUT, 88, AGREE),
        ("80", Qualifier.ABOUT, 71, DIFFER),
        ("8000000", Qualifier.EXACT, Decimal("8000000.00"), AGREE),
        ("30", Qualifier.EXACT, None, NOT_COMPUTED),
    ],
)
def test_verdict(value, qualifier, computed, expected):
    assert verdict(stated=_stated(value, qualifier), computed=computed) == expected


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("fr", 1, "laboratoire sur LabNet"),
        ("fr", 2, "laboratoires sur LabNet"),
    ],
)
def test_a_count_heading_agrees_with_its_value(language, value, expected):
    # "1 événements publiés" was the heading: a count's label takes its number's form.
    from django.utils import translation

    from labnet.figures.computed import REGISTRY

    with translation.override(language):
        assert REGISTRY["labs.count"].label_for(value) == expected


def test_a_figure_that_is_not_a_count_keeps_its_label():
    from labnet.figures.computed import REGISTRY

    entry = REGISTRY["funding.deployed_eur"]
    assert entry.label_for(Decimal("12")) == str(entry.label)
