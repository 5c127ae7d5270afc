"""Progress of an indicator towards its target: THE one place it is computed.

    progress(direction, baseline, target, current) -> Progress

Pure (no database): the selectors, pages, API and roadmap roll-ups all call it.

- "higher is better": (current - baseline) / (target - baseline);
- "lower is better":  (baseline - current) / (baseline - target);
clamped to 0-100 % (a value beyond the target is 100 %, one that went the wrong way 0 %).

Not computable (percent None, with the reason) when the baseline, the target or any
measured value is missing, or when the target does not lie in the wanted direction from
the baseline (a "lower is better" target above its baseline): a number would then mean
nothing. A target equal to its baseline is met (100 %) once the value is on the right side.

"On track" (for roll-ups): computable, and either the target is reached, or both dates are
known and the progress is at least the share of the baseline-to-target time elapsed on
`today`. Without dates, only a reached target is on track (docs/adr/0034-impact-progress.md).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from .enums import Direction

HUNDRED = Decimal(100)

NO_BASELINE = _("valeur de référence non renseignée")
NO_TARGET = _("cible non renseignée")
NO_VALUE = _("aucune valeur mesurée")
WRONG_SIDE = _("la cible n'est pas dans le sens souhaité par rapport à la référence")


@dataclass(frozen=True)
class Progress:
    percent: Decimal | None  # 0-100, one decimal; None: not computable
    reason: str = ""  # why it is not computable
    on_track: bool = False

    @property
    def computable(self) -> bool:
        return self.percent is not None

    @property
    def width(self) -> str:
        """The bar's width as CSS wants it (never localised: "37.5")."""
        return f"{self.percent:f}" if self.percent is not None else "0"


def progress(
    *,
    direction: str,
    baseline: Decimal | None,
    target: Decimal | None,
    current: Decimal | None,
    baseline_on: dt.date | None = None,
    target_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Progress:
    if baseline is None:
        return Progress(None, str(NO_BASELINE))
    if target is None:
        return Progress(None, str(NO_TARGET))
    if current is None:
        return Progress(None, str(NO_VALUE))
    sign = Decimal(1) if direction == Direction.INCREASE else Decimal(-1)
    span = (target - baseline) * sign
    gained = (current - baseline) * sign
    if span < 0:
        return Progress(None, str(WRONG_SIDE))
    # A target equal to its baseline is met once the value is on the right side of it.
    met = HUNDRED if gained >= 0 else Decimal(0)
    ratio = gained / span * HUNDRED if span else met
    percent = min(max(ratio, Decimal(0)), HUNDRED).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return Progress(percent, on_track=_on_track(percent, baseline_on, target_on, today))


def _on_track(percent, baseline_on, target_on, today) -> bool:
    if percent >= HUNDRED:
        return True
    if not (baseline_on and target_on) or target_on <= baseline_on:
        return False
    today = today or dt.date.today()
    elapsed = Decimal((today - baseline_on).days) / Decimal((target_on - baseline_on).days)
    expected = min(max(elapsed, Decimal(0)), Decimal(1)) * HUNDRED
    return percent >= expected


def indicator_progress(indicator, *, current: Decimal | None, today=None) -> Progress:
    """`progress` of an Indicator row, given its current (latest) measured value."""
    return progress(
        direction=indicator.direction,
        baseline=indicator.baseline_value,
        target=indicator.target_value,
        current=current,
        baseline_on=indicator.baseline_on,
        target_on=indicator.target_on,
        today=today,
    )
