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
    return _as_list(readable(user, filters))


def _as_list(queryset: QuerySet[Allocation]) -> QuerySet[Allocation]:
    # The allocation's own columns (index funding_alloc_year_key): a page is read from the
    # index without joining and sorting every row.
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


# Allocations a lab's page lists; the others are on the overview filtered by the lab.
LAB_PAGE_ALLOCATIONS = 10


@dataclass(frozen=True)
class LabFunding:
    allocations: list[Allocation]  # the most recent, at most `shown`
    total: Total  # every allocation of the lab `user` may read

    @property
    def not_listed(self) -> int:
        return self.total.count - len(self.allocations)


def lab_funding(*, user, lab: Lab, shown: int | None = None) -> LabFunding:
    """What a lab received (itself or through the projects it leads), as `user` may see
    it: the total of every allocation and the `shown` most recent ones
    (LAB_PAGE_ALLOCATIONS by default).

    Two queries: the ids in order with their measures (the total is added up here), then
    the rows of the listed ones with what the list shows. In one query PostgreSQL joined
    all 8,500 decided allocations of the network with their envelope, lab, project and
    region before keeping the lab's: 45 ms against 5."""
    listed = visible_allocations(user=user, filters=AllocationFilters(lab=lab.key))
    measures = list(listed.values_list("pk", "amount_eur", "amount_unknown", "fte"))
    total = Total(
        count=len(measures),
        amount_eur=sum((amount or ZERO for _, amount, _, _ in measures), ZERO),
        unknown_amounts=sum(1 for _, _, unknown, _ in measures if unknown),
        fte=sum((fte or ZERO for _, _, _, fte in measures), ZERO),
    )
    ids = [pk for pk, *_ in measures[: LAB_PAGE_ALLOCATIONS if shown is None else shown]]
    # Only those ids (already filtered by what `user` may read): the filters again would
    # make PostgreSQL list the lab's 2,000 projects a second time.
    rows = _as_list(Allocation.objects.filter(pk__in=ids))
    return LabFunding(allocations=list(rows), total=total)


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
