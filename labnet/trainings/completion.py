"""The completion rule of a programme, as pure arithmetic.

Decision: completion counts the cohort's non-cancelled sessions, all of them, including
those still to come. A certificate says a person followed the course, so attending the
two sessions held so far of a ten-session course is not completing it; a cancelled
session counts for nobody. The threshold is rounded up: 80 % of 3 sessions is 3.
"""

import math
from dataclasses import dataclass


def sessions_required(*, total: int, percent: int) -> int:
    return math.ceil(total * percent / 100) if total else 0


@dataclass(frozen=True)
class Progress:
    attended: int
    total: int
    percent_required: int

    @property
    def required(self) -> int:
        return sessions_required(total=self.total, percent=self.percent_required)

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.attended >= self.required
