"""The sums that must hold, and the row locks that make them hold under concurrent writes:
an envelope's parent chain is always locked in primary-key order, so two writers never wait
for each other."""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from ..enums import AllocationStatus
from ..models import ZERO, Allocation, Envelope
from ..money import format_eur
from .base import field_error


def chain_ids(envelope_id) -> list[int]:
    """The envelope and its ancestors (a few levels: one query each)."""
    ids, current = [], envelope_id
    while current is not None and current not in ids:
        ids.append(current)
        current = Envelope.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return ids


def lock_envelopes(*envelope_ids) -> dict[int, Envelope]:
    """Lock the given envelopes and their parent chains, in primary-key order."""
    ids = set()
    for envelope_id in envelope_ids:
        if envelope_id is not None:
            ids.update(chain_ids(envelope_id))
    rows = Envelope.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {envelope.pk: envelope for envelope in rows}


def held_by_children(envelope: Envelope, *, exclude_child=None) -> Decimal:
    children = envelope.children.exclude(pk=exclude_child)
    return children.aggregate(total=Sum("amount_eur"))["total"] or ZERO


def held_by_allocations(envelope: Envelope, *, exclude_allocation=None) -> Decimal:
    allocations = envelope.allocations.filter(status__in=AllocationStatus.holding()).exclude(
        pk=exclude_allocation
    )
    return allocations.aggregate(total=Sum("amount_eur"))["total"] or ZERO


def envelope_used(envelope: Envelope) -> Decimal:
    """What the envelope already holds: its child envelopes and its own live allocations."""
    return held_by_children(envelope) + held_by_allocations(envelope)


def over_ceiling(envelope: Envelope, *, used: Decimal, asked: Decimal, field: str, what: str):
    """The error for an amount that does not fit in what is left of `envelope`."""
    left = max(envelope.amount_eur - used, ZERO)
    return field_error(
        field,
        _(
            "L'enveloppe « %(name)s » est de %(amount)s et %(used)s sont déjà attribués ou "
            "répartis : il reste %(left)s, moins que les %(asked)s %(what)s."
        )
        % {
            "name": envelope.name,
            "amount": format_eur(envelope.amount_eur),
            "used": format_eur(used),
            "left": format_eur(left),
            "asked": format_eur(asked),
            "what": what,
        },
        "over_allocated",
    )


def paid_total(allocation: Allocation) -> Decimal:
    return allocation.payments.aggregate(total=Sum("amount_eur"))["total"] or ZERO


def check_paid_within(allocation: Allocation) -> None:
    """The allocation's (new) amount still covers the payments already made."""
    if allocation.amount_eur is None:
        if allocation.payments.exists():
            raise field_error(
                "amount_eur",
                _("Des versements sont enregistrés : le montant ne peut plus être effacé."),
            )
        return
    paid = paid_total(allocation)
    if paid > allocation.amount_eur:
        raise field_error(
            "amount_eur",
            _("%(paid)s sont déjà versés : le montant ne peut pas descendre à %(amount)s.")
            % {"paid": format_eur(paid), "amount": format_eur(allocation.amount_eur)},
            "over_paid",
        )
