"""The live "Bilan à date": each figure LabNet computes (`figures.computed.REGISTRY`, the
same selectors the dashboards use) next to every figure the documents state for the same
thing (`figures.StatedFigure` linked to it), with a plain verdict.

Lines follow the government page's "Bilan à date" (projects accompanied, then the euros
of the recovery plan, then the network's growth), then the figures other documents give
(the Atlas, the CLIP course, the Mois de l'innovation publique, staff support).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from labnet.events.campaign_selectors import last_national_month
from labnet.figures.computed import REGISTRY
from labnet.figures.models import Qualifier, StatedFigure

from .cache import cached_public

# The source's order ("Bilan à date", then the other documents').
BILAN_ORDER = (
    "projects.accompanied.count",
    "funding.deployed_eur",
    "labs.territorial.count",
    "labs.count",
    "trainings.trained.count",
    "events.national_month.count",
    "events.national_month.lab_share",
    "funding.fte",
)
# "environ 80" agrees with a count within this share of 80.
ABOUT_TOLERANCE = Decimal("0.10")

AGREE, DIFFER, NOT_COMPUTED = "agree", "differ", "not_computed"
VERDICT_LABELS = {
    AGREE: _("concordent"),
    DIFFER: _("diffèrent"),
    NOT_COMPUTED: _("non calculé par LabNet"),
}


@dataclass(frozen=True)
class StatedComparison:
    stated: StatedFigure
    verdict: str

    @property
    def verdict_label(self) -> str:
        return str(VERDICT_LABELS[self.verdict])


@dataclass(frozen=True)
class BilanLine:
    key: str  # the computed figure's registry key
    label: str
    unit: str
    computed: Decimal | int | None
    stated: list[StatedComparison]
    # What the figure was computed on, when its name does not say ("the last Mois": which).
    detail: str = ""


@dataclass(frozen=True)
class Bilan:
    lines: list[BilanLine]
    # What the documents state and LabNet does not count (yet): shown, never hidden.
    uncounted: list[StatedFigure]
    # When the computed figures were built (None: computed now), docs/adr/0058.
    built_at: object = None


def verdict(*, stated: StatedFigure, computed) -> str:
    """Whether the computed value agrees with what the document states, read with its
    qualifier: "exactement 14" needs 14, "plus de 200" at least 200, "environ 80" within
    10 % of 80."""
    if computed is None:
        return NOT_COMPUTED
    value, target = Decimal(computed), stated.value
    if stated.qualifier == Qualifier.AT_LEAST:
        return AGREE if value >= target else DIFFER
    if stated.qualifier == Qualifier.ABOUT:
        return AGREE if abs(value - target) <= abs(target) * ABOUT_TOLERANCE else DIFFER
    return AGREE if value == target else DIFFER


def bilan() -> Bilan:
    """Every line, as the public sees it (kept for a while: stats.cache)."""
    return cached_public(("bilan",), compute_bilan)


def compute_bilan() -> Bilan:
    """Every line. One query for the stated figures, then each computed figure: as of the
    facts' last build (one query, docs/adr/0058), or computed now when the facts are off
    (a fixed number of queries: the registry does not grow with the data)."""
    from .facts import figure_values
    from .freshness import current_build

    build = current_build()
    precomputed = figure_values() if build is not None else None
    figures = sorted(
        StatedFigure.objects.select_related("source"),
        key=lambda f: (f.as_of is None, f.as_of, f.key),
    )
    linked: dict[str, list[StatedFigure]] = {}
    uncounted = []
    for figure in figures:
        if figure.computed_figure in REGISTRY:
            linked.setdefault(figure.computed_figure, []).append(figure)
        else:
            uncounted.append(figure)
    order = list(BILAN_ORDER) + [key for key in REGISTRY if key not in BILAN_ORDER]
    last_month = last_national_month() if precomputed is None else None
    lines = []
    for key in order:
        entry = REGISTRY[key]
        if precomputed is not None:
            computed, detail = precomputed.get(key, (None, ""))
        else:
            computed = entry.compute()
            detail = (
                last_month.name
                if key.startswith("events.national_month.") and last_month is not None
                else ""
            )
        lines.append(
            BilanLine(
                key=key,
                label=entry.label_for(computed),
                unit=entry.unit,
                computed=computed,
                stated=[
                    StatedComparison(stated=f, verdict=verdict(stated=f, computed=computed))
                    for f in linked.get(key, [])
                ],
                detail=detail,
            )
        )
    return Bilan(
        lines=lines, uncounted=uncounted, built_at=build.built_at if build is not None else None
    )
