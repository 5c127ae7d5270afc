"""The allocations a reader may see, one by one and per lab, and the filters' options."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum

from labnet.labs.models import Lab
from labnet.territories.models import Region

from ..enums import AllocationStatus
from ..models import ZERO, Allocation, Payment
from .base import ALLOCATION_RELATED, AllocationFilters, Total, readable


def visible_allocations(*, user, filters: AllocationFilters | None = None) -> QuerySet[Allocation]:
    """The allocations `user` may read, filtered; with what a list shows (one query)."""
    queryset = readable(user, filters)
    # The allocation's own columns (index funding_alloc_year_key): a page of 50 is read
    # from the index without joining and sorting every row.
    return queryset.select_related(*ALLOCATION_RELATED).order_by("-year", "key")


def allocation_get_visible(*, user, key: str) -> Allocation:
    """One allocation if `user` may read it; Allocation.DoesNotExist otherwise."""
    return visible_allocations(user=user).get(key=key)


def allocation_payments(allocation: Allocation) -> list[Payment]:
    return list(allocation.payments.select_related("recorded_by").order_by("paid_on", "pk"))


def paid_totals(*, allocation_ids) -> dict[int, Decimal]:
    """{allocation id: sum paid} in one query."""
    rows = (
        Payment.objects.filter(allocation_id__in=list(allocation_ids))
        .values("allocation_id")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    )
    return {row["allocation_id"]: row["total"] for row in rows}


@dataclass(frozen=True)
class LabFunding:
    allocations: list[Allocation]
    total: Total


def lab_funding(*, user, lab: Lab) -> LabFunding:
    """What a lab received (itself or through the projects it leads), as `user` may see it.
    One query; the total adds up the listed rows."""
    allocations = list(visible_allocations(user=user, filters=AllocationFilters(lab=lab.key)))
    total = sum(
        (
            Total(
                count=1,
                amount_eur=a.amount_eur or ZERO,
                unknown_amounts=1 if a.amount_unknown else 0,
                fte=a.fte or ZERO,
            )
            for a in allocations
        ),
        Total(),
    )
    return LabFunding(allocations=allocations, total=total)


def filter_options() -> dict:
    """The years and regions the public page's filters offer (two queries; the labs are
    every lab, from `www.cached_select`)."""
    years = sorted(
        # order_by(): the model's ordering would add the key to DISTINCT (every row back).
        set(
            Allocation.objects.exclude(year=None)
            .order_by()
            .values_list("year", flat=True)
            .distinct()
        ),
        reverse=True,
    )
    region_ids = Allocation.objects.exclude(region=None).values("region_id")
    return {
        "years": years,
        "regions": list(Region.objects.filter(pk__in=region_ids).order_by("name")),
        "statuses": [s for s in AllocationStatus if s != AllocationStatus.CANCELLED],
    }
