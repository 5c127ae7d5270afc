"""The dashboards' filters (year, region), read from a query string in French or English
names; a value that means nothing is ignored rather than refused (a GET form)."""

from dataclasses import dataclass

from django.db.models.functions import ExtractYear

from labnet.territories.models import Region

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


def filter_options() -> dict:
    """Years that some figure covers and every region: three queries."""
    from labnet.events.models import Event
    from labnet.funding.models import Allocation
    from labnet.projects.models import Project

    years = set(
        Project.objects.exclude(started_year=None).values_list("started_year", flat=True).distinct()
    )
    years |= set(Allocation.objects.exclude(year=None).values_list("year", flat=True).distinct())
    years |= set(
        Event.objects.annotate(y=ExtractYear("starts_at")).values_list("y", flat=True).distinct()
    )
    return {
        "years": sorted((y for y in years if y), reverse=True),
        "regions": list(Region.objects.order_by("name")),
    }
