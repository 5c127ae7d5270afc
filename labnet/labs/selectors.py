"""Reads of the directory and atlas. Each function runs a fixed number of queries."""

from dataclasses import asdict, dataclass

from django.db.models import Count, Prefetch, QuerySet

from labnet.organisations.models import Organisation
from labnet.territories.models import Region

from .enums import LabKind, LabStatus
from .filters import LabFilterSet
from .models import Lab, Theme


@dataclass(frozen=True)
class LabFilters:
    region: str = ""
    kind: str = ""
    host: str = ""
    theme: str = ""
    status: str = ""
    q: str = ""


def lab_list(*, filters: LabFilters | None = None) -> QuerySet[Lab]:
    """Labs matching the atlas filters, with what a list row shows already fetched."""
    labs = _filtered_labs(filters or LabFilters())
    return (
        labs.select_related("region", "host")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name_fr")))
        .order_by("name", "pk")
    )


def lab_region_counts(*, filters: LabFilters | None = None) -> dict[str, int]:
    """How many of the matching labs each region has (for the map), in one query."""
    rows = (
        _filtered_labs(filters or LabFilters())
        .filter(region__isnull=False)
        .values_list("region_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def _filtered_labs(filters: LabFilters) -> QuerySet[Lab]:
    """The labs the atlas filters keep (`filters.LabFilterSet`, shared with the API). A
    value no lab can have (an unknown kind or status) matches no lab."""
    data = {name: value for name, value in asdict(filters).items() if value}
    filterset = LabFilterSet(data, queryset=Lab.objects.all())
    return filterset.qs if filterset.is_valid() else Lab.objects.none()


def lab_filter_options() -> dict:
    """The choices of the atlas filters: only values some lab actually has."""
    return {
        "regions": list(Region.objects.filter(labs__isnull=False).distinct().order_by("name")),
        "kinds": LabKind.choices,
        "hosts": list(
            Organisation.objects.filter(hosted_labs__isnull=False).distinct().order_by("name")
        ),
        "themes": list(Theme.objects.filter(labs__isnull=False).distinct().order_by("name_fr")),
        "statuses": LabStatus.choices,
    }


def lab_get(*, key: str) -> Lab:
    return (
        Lab.objects.select_related("region", "host", "source")
        .prefetch_related("themes", "departments", "networks")
        .get(key=key)
    )


def regions_with_lab_counts() -> list[Region]:
    """Every region with its number of labs, for the map (regions with none included)."""
    return list(Region.objects.annotate(lab_count=Count("labs")).order_by("code"))
