"""The dashboards' filters (year, region), read from a query string in French or English
names; a value that means nothing is ignored rather than refused (a GET form)."""

from dataclasses import dataclass

from django.db.models import Max, Min

FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True)
class StatsFilters:
    year: int | None = None
    region: str = ""  # INSEE code

    @classmethod
    def from_query(cls, query) -> "StatsFilters":
        year = str(query.get("annee") or query.get("year") or "").strip()
        region = str(query.get("region") or "").strip()
        return cls(
            year=int(year) if year.isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR else None,
            region=region[:3] if region.isalnum() else "",
        )

    @property
    def is_active(self) -> bool:
        return self.year is not None or bool(self.region)

    def as_query(self) -> dict[str, str]:
        """The filters as the pages' query string names them (for links and CSV files)."""
        query = {}
        if self.year is not None:
            query["annee"] = str(self.year)
        if self.region:
            query["region"] = self.region
        return query


def year_bounds() -> tuple[int | None, int | None]:
    """(earliest, latest) of projects' starts, events and allocations (three aggregates)."""
    from labnet.events.models import Event
    from labnet.funding.models import Allocation
    from labnet.projects.models import Project

    bounds = [
        *Project.objects.aggregate(Min("started_year"), Max("started_year")).values(),
        *Allocation.objects.aggregate(Min("year"), Max("year")).values(),
        *(
            moment.year if moment else None
            for moment in Event.objects.aggregate(Min("starts_at"), Max("starts_at")).values()
        ),
    ]
    known = [year for year in bounds if year and FIRST_YEAR <= year <= LAST_YEAR]
    return (min(known), max(known)) if known else (None, None)
