"""Reads of the network's funding, for the pages, the API and (later) the national
dashboards and open data. Every function here is public and takes the reader (`user`):
visibility is `rules.visible_allocations_filter` (decided allocations for everyone, a lab
lead's own, everything for the coordination).

Totals always add up: each grouping (`funding_totals(by=...)`) puts every visible
allocation in exactly one row (a "not stated" row for a missing year, region or lab), so
the rows sum to the overall total, and each total says how many amounts are unknown
rather than counting them as zero. Each function costs a fixed number of queries.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from labnet.labs.models import Lab
from labnet.territories.models import Region

from .enums import AllocationStatus
from .models import ZERO, Allocation, Envelope, FundingSource, Payment
from .rules import visible_allocations_filter

GROUPINGS = ("source", "envelope", "year", "region", "lab", "status")
ALLOCATION_RELATED = (
    "envelope__funding_source",
    "lab__region",
    "project__lead_lab",
    "region",
)


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
            queryset = queryset.filter(Q(lab__key=self.lab) | Q(project__lead_lab__key=self.lab))
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


def visible_allocations(*, user, filters: AllocationFilters | None = None) -> QuerySet[Allocation]:
    """The allocations `user` may read, filtered; with what a list shows (one query)."""
    queryset = Allocation.objects.filter(visible_allocations_filter(user))
    if filters is not None:
        queryset = filters.apply(queryset)
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


def _aggregate(queryset: QuerySet, group: str | None):
    measures = {
        "n": Count("pk"),
        "amount": Sum("amount_eur"),
        "unknown": Count("pk", filter=Q(amount_unknown=True)),
        "staff": Sum("fte"),
    }
    if group is None:
        return queryset.order_by().aggregate(**measures)
    return queryset.values(group).annotate(**measures).order_by()


def _total(row) -> Total:
    return Total(
        count=row["n"] or 0,
        amount_eur=row["amount"] or ZERO,
        unknown_amounts=row["unknown"] or 0,
        fte=row["staff"] or ZERO,
    )


_GROUP_EXPRESSIONS = {
    "source": "envelope__funding_source_id",
    "envelope": "envelope_id",
    "year": "year",
    "region": "region_id",
    "lab": "funded_lab_id",
    "status": "status",
}
NOT_STATED = _("non indiqué")
OTHERS = _("%(count)s autres")


def funding_totals(*, user, by: str, filters: AllocationFilters | None = None) -> Totals:
    """Totals of the allocations `user` may read, grouped `by` one of GROUPINGS.

    Every allocation is in exactly one row (allocations with no year, region or lab in a
    "non indiqué" row), so the rows always add up to `overall`. Three queries at most.
    """
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    queryset = Allocation.objects.filter(visible_allocations_filter(user))
    if filters is not None:
        queryset = filters.apply(queryset)
    if by == "lab":
        queryset = queryset.annotate(funded_lab_id=Coalesce("lab_id", "project__lead_lab_id"))
    group = _GROUP_EXPRESSIONS[by]
    grouped = {row[group]: _total(row) for row in _aggregate(queryset, group)}
    labels = _labels(by, [value for value in grouped if value is not None])
    rows = [
        TotalRow(
            key="" if value is None else str(value),
            label=labels.get(value, NOT_STATED),
            total=total,
        )
        for value, total in grouped.items()
    ]
    rows.sort(key=lambda row: (row.key == "", _sort_key(by, row)))
    overall = sum((row.total for row in rows), Total())
    return Totals(by=by, rows=rows, overall=overall)


def _sort_key(by: str, row: TotalRow):
    if by == "year":
        return -int(row.key) if row.key else 0
    if by == "status":
        return AllocationStatus.values.index(row.key)
    return str(row.label).lower()


def _labels(by: str, values: list) -> dict:
    if by == "source":
        return dict(FundingSource.objects.filter(pk__in=values).values_list("pk", "name"))
    if by == "envelope":
        return dict(Envelope.objects.filter(pk__in=values).values_list("pk", "name"))
    if by == "region":
        return dict(Region.objects.filter(pk__in=values).values_list("pk", "name"))
    if by == "lab":
        return dict(Lab.objects.filter(pk__in=values).values_list("pk", "name"))
    if by == "status":
        return {value: AllocationStatus(value).label for value in values}
    return {value: str(value) for value in values}


def overall_total(*, user, filters: AllocationFilters | None = None) -> Total:
    queryset = Allocation.objects.filter(visible_allocations_filter(user))
    if filters is not None:
        queryset = filters.apply(queryset)
    return _total(_aggregate(queryset, None))


def envelope_status_totals(*, user, envelope_ids=None, filters=None) -> dict[int, dict[str, Total]]:
    """{envelope id: {status: Total}} of the allocations `user` may read, in one query."""
    queryset = Allocation.objects.filter(visible_allocations_filter(user))
    if filters is not None:
        queryset = filters.apply(queryset)
    if envelope_ids is not None:
        queryset = queryset.filter(envelope_id__in=list(envelope_ids))
    result: dict[int, dict[str, Total]] = defaultdict(dict)
    measures = {
        "n": Count("pk"),
        "amount": Sum("amount_eur"),
        "unknown": Count("pk", filter=Q(amount_unknown=True)),
        "staff": Sum("fte"),
    }
    for row in queryset.values("envelope_id", "status").annotate(**measures).order_by():
        result[row["envelope_id"]][row["status"]] = _total(row)
    return result


@dataclass
class EnvelopeNode:
    envelope: Envelope
    depth: int
    by_status: dict[str, Total]
    children_amount: Decimal = ZERO
    children_unknown: int = 0

    @property
    def allocated(self) -> Total:
        """Its own allocations the reader sees, every status shown added up."""
        return sum(self.by_status.values(), Total())

    @property
    def status_rows(self) -> list[tuple[AllocationStatus, Total]]:
        return [(s, self.by_status[s.value]) for s in AllocationStatus if s.value in self.by_status]


@dataclass
class SourceNode:
    source: FundingSource
    envelopes: list[EnvelopeNode] = field(default_factory=list)

    @property
    def stated_eur(self) -> Decimal:
        """The sum of its top-level envelopes' stated amounts (children are inside them)."""
        return sum(
            (
                n.envelope.amount_eur
                for n in self.envelopes
                if n.depth == 0 and n.envelope.amount_eur
            ),
            ZERO,
        )

    @property
    def unknown_envelopes(self) -> int:
        return sum(1 for n in self.envelopes if n.envelope.amount_eur is None)


def envelope_tree(*, user, filters: AllocationFilters | None = None) -> list[SourceNode]:
    """Funding sources, each with its envelopes as a depth-first tree and, per envelope,
    the totals by status of the allocations `user` may read. Three queries."""
    sources = list(FundingSource.objects.order_by("name", "pk"))
    envelopes = list(Envelope.objects.select_related("parent").order_by("name", "pk"))
    totals = envelope_status_totals(user=user, filters=filters)
    children: dict[int | None, list[Envelope]] = defaultdict(list)
    for envelope in envelopes:
        children[envelope.parent_id].append(envelope)
    for siblings in children.values():
        siblings.sort(key=lambda e: (-(e.amount_eur or ZERO), e.name))
    nodes_by_source: dict[int, SourceNode] = {s.pk: SourceNode(source=s) for s in sources}

    def walk(envelope: Envelope, depth: int):
        kids = children.get(envelope.pk, [])
        node = EnvelopeNode(
            envelope=envelope,
            depth=depth,
            by_status=totals.get(envelope.pk, {}),
            children_amount=sum((k.amount_eur for k in kids if k.amount_eur is not None), ZERO),
            children_unknown=sum(1 for k in kids if k.amount_eur is None),
        )
        envelope.child_list = kids
        nodes_by_source[envelope.funding_source_id].envelopes.append(node)
        for kid in kids:
            walk(kid, depth + 1)

    known_ids = {e.pk for e in envelopes}
    for envelope in children.get(None, []) + [
        e for e in envelopes if e.parent_id is not None and e.parent_id not in known_ids
    ]:
        walk(envelope, 0)
    return list(nodes_by_source.values())


def envelope_list() -> QuerySet[Envelope]:
    return Envelope.objects.select_related("funding_source", "parent", "source").order_by(
        "funding_source__name", "name", "pk"
    )


def envelope_get(*, key: str) -> Envelope:
    return envelope_list().get(key=key)


def envelope_used_amounts(*, envelope_ids=None) -> dict[int, tuple[Decimal, Decimal]]:
    """{envelope id: (split into child envelopes, held by live allocations)}, for the
    coordination (every live allocation counts). Two queries."""
    children = Envelope.objects.filter(parent_id__isnull=False)
    allocations = Allocation.objects.filter(status__in=AllocationStatus.holding())
    if envelope_ids is not None:
        children = children.filter(parent_id__in=list(envelope_ids))
        allocations = allocations.filter(envelope_id__in=list(envelope_ids))
    split = dict(
        children.values("parent_id")
        .annotate(t=Sum("amount_eur"))
        .order_by()
        .values_list("parent_id", "t")
    )
    held = dict(
        allocations.values("envelope_id")
        .annotate(t=Sum("amount_eur"))
        .order_by()
        .values_list("envelope_id", "t")
    )
    ids = set(split) | set(held)
    return {i: (split.get(i) or ZERO, held.get(i) or ZERO) for i in ids}


def funding_sources() -> QuerySet[FundingSource]:
    return (
        FundingSource.objects.select_related("source")
        .annotate(envelope_count=Count("envelopes"))
        .order_by("name", "pk")
    )


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
    """The values the public page's filters offer (three queries)."""
    years = sorted(
        set(Allocation.objects.exclude(year=None).values_list("year", flat=True).distinct()),
        reverse=True,
    )
    region_ids = Allocation.objects.exclude(region=None).values("region_id")
    lab_ids = Allocation.objects.exclude(lab=None).values("lab_id")
    led_ids = Allocation.objects.exclude(project=None).values("project__lead_lab_id")
    return {
        "years": years,
        "regions": list(Region.objects.filter(pk__in=region_ids).order_by("name")),
        "labs": list(
            Lab.objects.filter(Q(pk__in=lab_ids) | Q(pk__in=led_ids))
            .order_by("name")
            .only("key", "name")
        ),
        "statuses": [s for s in AllocationStatus if s != AllocationStatus.CANCELLED],
    }
