"""Stated figures next to the computed ones, for the national picture."""

from dataclasses import dataclass
from decimal import Decimal

from .computed import REGISTRY, computed_values
from .models import StatedFigure


@dataclass(frozen=True)
class FigurePair:
    stated: StatedFigure
    computed_label: str
    computed: Decimal | int | None


def stated_figures() -> list[StatedFigure]:
    return list(StatedFigure.objects.select_related("source").order_by("key"))


def figures_side_by_side(*, keys=None, units=None) -> list[FigurePair]:
    """Each stated figure with the current value of its computed counterpart (None when it
    has none). One query, plus each computation once (`computed_values`)."""
    figures = StatedFigure.objects.select_related("source").order_by("key")
    if keys is not None:
        figures = figures.filter(key__in=list(keys))
    if units is not None:
        figures = figures.filter(unit__in=list(units))
    figures = list(figures)
    cache = computed_values(
        {figure.computed_figure for figure in figures if figure.computed_figure in REGISTRY}
    )
    pairs = []
    for figure in figures:
        entry = REGISTRY.get(figure.computed_figure)
        pairs.append(
            FigurePair(
                stated=figure,
                computed_label=str(entry.label) if entry else "",
                computed=cache.get(entry.key) if entry else None,
            )
        )
    return pairs
