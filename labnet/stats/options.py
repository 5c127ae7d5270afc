"""What the dashboards' filter form offers: the years some figure covers and every region."""

from labnet.territories.models import Region

from .cache import cached_public
from .filters import year_bounds
from .freshness import current_build


def filter_options() -> dict:
    """What the filter form offers (the same for everyone: kept as the public figures are)."""
    return cached_public(("options",), compute_filter_options)


def compute_filter_options() -> dict:
    """The years some figure covers, latest first, and every region. The years as of the
    facts' last build when the national picture reads them (docs/adr/0058)."""
    build = current_build()
    bounds = (build.first_year, build.last_year) if build is not None else year_bounds()
    years = list(range(bounds[1], bounds[0] - 1, -1)) if bounds[0] is not None else []
    return {"years": years, "regions": list(Region.objects.order_by("name"))}
