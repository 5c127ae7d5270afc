"""What the funding reads share: the totals' shapes, the filters, the visible queryset."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from labnet.accounts.rules import led_lab_keys
from labnet.labs.models import Lab
from labnet.projects.models import Project

from ..enums import AllocationStatus
from ..models import ZERO, Allocation
from ..rules import visible_allocations_filter

ALLOCATION_RELATED = (
    "envelope__funding_source",
    "lab__region",
    "project__lead_lab",
    "region",
)
NOT_STATED = _("non indiqué")
OTHERS = _("%(count)s autres")

# What a total measures, as aggregates of a queryset of allocations.
MEASURES = {
    "n": Count("pk"),
    "amount": Sum("amount_eur"),
    "unknown": Count("pk", filter=Q(amount_unknown=True)),
    "staff": Sum("fte"),
}


@dataclass(frozen=True)
class Total:
    """How many allocations, the sum of the amounts known, how many amounts are not
    stated (never counted as 0), and the staff support in FTE."""

    count: int = 0
    amount_eur: Decimal = ZERO
    unknown_amounts: int = 0
    fte: Decimal = ZERO

    def __add__(self, other: "Total") -> "Total":
        return Total(
            count=self.count + other.count,
            amount_eur=self.amount_eur + other.amount_eur,
            unknown_amounts=self.unknown_amounts + other.unknown_amounts,
            fte=self.fte + other.fte,
        )

    @property
    def is_complete(self) -> bool:
        return self.unknown_amounts == 0


@dataclass(frozen=True)
class TotalRow:
    key: str
    label: str
    total: Total


@dataclass(frozen=True)
class Totals:
    by: str
    rows: list[TotalRow]
    overall: Total

    def top(self, count: int) -> "Totals":
        """The `count` rows with the largest known amounts, the rest added up in one
        "autres" row: a long grouping (a thousand labs) still adds up to `overall`."""
        if len(self.rows) <= count:
            return self
        ranked = sorted(self.rows, key=lambda r: (-r.total.amount_eur, -r.total.count))
        kept, rest = ranked[:count], ranked[count:]
        others = TotalRow(
            key="*",
            label=OTHERS % {"count": len(rest)},
            total=sum((r.total for r in rest), Total()),
        )
        return Totals(by=self.by, rows=[*kept, others], overall=self.overall)


@dataclass(frozen=True)
class AllocationFilters:
    year: int | None = None
    region: str = ""  # INSEE code
    lab: str = ""  # lab key: the lab's allocations and those of the projects it leads
    status: str = ""
    source: str = ""  # funding source key
    envelope: str = ""  # envelope key

    @classmethod
    def from_query(cls, query) -> "AllocationFilters":
        year = query.get("annee") or query.get("year") or ""
        status = query.get("statut") or query.get("status") or ""
        return cls(
            year=int(year) if year.isdigit() and 1900 <= int(year) <= 2100 else None,
            region=(query.get("region") or "")[:3],
            lab=(query.get("lab") or query.get("laboratoire") or "")[:100],
            status=status if status in AllocationStatus.values else "",
            source=(query.get("source") or "")[:100],
            envelope=(query.get("enveloppe") or query.get("envelope") or "")[:100],
        )

    def apply(self, queryset: QuerySet[Allocation]) -> QuerySet[Allocation]:
        if self.year is not None:
            queryset = queryset.filter(year=self.year)
        if self.region:
            queryset = queryset.filter(region_id=self.region)
        if self.lab:
            # The lab's own allocations and those of the projects it leads, as a UNION of
            # two indexed reads: an OR of the two made SQLite walk every decided allocation
            # through the status index (75 ms -> 10 ms for the busiest lab's page; PostgreSQL
            # 45 -> 15), and joins under an OR made the database read every project.
            lab = Lab.objects.filter(key=self.lab).values("pk")
            direct = Allocation.objects.filter(lab_id__in=lab).order_by().values("pk")
            led = Project.objects.filter(lead_lab_id__in=lab).values("pk")
            through = Allocation.objects.filter(project_id__in=led).order_by().values("pk")
            queryset = queryset.filter(pk__in=direct.union(through))
        if self.status:
            queryset = queryset.filter(status=self.status)
        if self.source:
            queryset = queryset.filter(envelope__funding_source__key=self.source)
        if self.envelope:
            queryset = queryset.filter(envelope__key=self.envelope)
        return queryset

    @property
    def is_active(self) -> bool:
        return any(vars(self).values())


def readable(user, filters: AllocationFilters | None = None) -> QuerySet[Allocation]:
    """The allocations `user` may read, filtered (not yet evaluated)."""
    if filters is not None and filters.lab and filters.lab in led_lab_keys(user):
        # A lead reads every allocation of their own lab (its own and its projects'): the
        # visibility rule's OR would only walk every allocation of the network to keep
        # them all (9-17 ms on PostgreSQL for the busiest lab's dashboard).
        queryset = Allocation.objects.all()
    else:
        queryset = Allocation.objects.filter(visible_allocations_filter(user))
    if filters is not None:
        queryset = filters.apply(queryset)
    return queryset


def aggregate(queryset: QuerySet, group: str | None):
    if group is None:
        return queryset.order_by().aggregate(**MEASURES)
    return queryset.values(group).annotate(**MEASURES).order_by()


def total_of(row) -> Total:
    return Total(
        count=row["n"] or 0,
        amount_eur=row["amount"] or ZERO,
        unknown_amounts=row["unknown"] or 0,
        fte=row["staff"] or ZERO,
    )
