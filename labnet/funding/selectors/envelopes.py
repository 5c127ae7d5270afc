"""Funding sources and their envelopes: the tree the overview shows, the list the
coordination manages, and what each envelope already holds."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, QuerySet, Sum

from ..enums import AllocationStatus
from ..models import ZERO, Allocation, Envelope, FundingSource
from .base import AllocationFilters, Total
from .totals import envelope_status_totals


@dataclass
class EnvelopeNode:
    envelope: Envelope
    depth: int
    by_status: dict[str, Total]
    children_amount: Decimal = ZERO
    children_unknown: int = 0

    @cached_property
    def allocated(self) -> Total:
        """Its own allocations the reader sees, every status shown added up (the page reads
        it three times a row)."""
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
