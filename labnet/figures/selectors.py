"""Stated figures next to the computed ones, for the national picture."""

from dataclasses import dataclass
from decimal import Decimal

from .computed import REGISTRY
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
    has none). One query, plus each distinct computed figure once."""
    figures = StatedFigure.objects.select_related("source").order_by("key")
    if keys is not None:
        figures = figures.filter(key__in=list(keys))
    if units is not None:
        figures = figures.filter(unit__in=list(units))
    cache: dict[str, Decimal | int] = {}
    pairs = []
    for figure in figures:
        entry = REGISTRY.get(figure.computed_figure)
        if entry is not None and entry.key not in cache:
            cache[entry.key] = entry.compute()
        pairs.append(
            FigurePair(
                stated=figure,
                computed_label=str(entry.label) if entry else "",
                computed=cache.get(entry.key) if entry else None,
            )
        )
    return pairs
