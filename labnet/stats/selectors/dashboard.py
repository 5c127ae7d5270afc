"""A dashboard: the sections in the order pages show them, computed for one reader."""

from ..cache import cached_public
from ..filters import StatsFilters
from ..tables import Dashboard, Section
from .events import events_section
from .funding import funding_section
from .impact import impact_section
from .projects import projects_section
from .requests import requests_section
from .reuses import reuses_section
from .scope import Scope
from .trainings import trainings_section

SECTIONS = {
    "projects": projects_section,
    "requests": requests_section,
    "events": events_section,
    "trainings": trainings_section,
    "funding": funding_section,
    "impact": impact_section,
    "reuses": reuses_section,
}
SECTION_KEYS = tuple(SECTIONS)


def dashboard(*, user, filters: StatsFilters, lab=None, sections=None) -> Dashboard:
    """The national dashboard (lab=None) or a lab's, as `user` may see it (stats.rules:
    the internal side for the coordination, and for a lab's team on its own lab).
    `sections`: only these (a CSV file needs one)."""
    scope = Scope.of(user=user, filters=filters, lab=lab)
    wanted = SECTION_KEYS if sections is None else [k for k in SECTION_KEYS if k in sections]
    return Dashboard(
        filters=filters,
        lab=lab,
        internal=scope.internal,
        sections=[_section(key, scope) for key in wanted],
        built_at=scope.build.built_at if scope.facts else None,
    )


def _section(key: str, scope: Scope) -> Section:
    if scope.internal:
        return SECTIONS[key](scope)
    # The public side is the same for every visitor: kept for a while (stats.cache).
    parts = (
        "section",
        key,
        scope.lab.pk if scope.lab is not None else "network",
        scope.filters.year or "",
        scope.filters.region,
    )
    return cached_public(parts, lambda: SECTIONS[key](scope))


def section_of_table(table_key: str) -> str | None:
    """The section a table belongs to ("funding-source" -> "funding")."""
    prefix = table_key.split("-", 1)[0]
    return prefix if prefix in SECTIONS else None
