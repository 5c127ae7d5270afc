"""An allocation's status: planned -> committed -> paid, or cancelled."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from labnet.core.services import audit_record

from ..audit import FundingAction
from ..enums import AllocationStatus
from ..models import Allocation
from ..rules import require_can_manage_funding
from ..webhooks import allocation_decided_emit
from .base import field_error, lock_allocation
from .ceilings import lock_envelopes


def check_convention(signed_on, reference) -> None:
    """Committing an allocation needs its convention: the date it was signed and its
    reference."""
    errors = {}
    if not signed_on:
        errors["convention_signed_on"] = ValidationError(
            _("Indiquez la date de signature de la convention."), code="required"
        )
    if not (reference or "").strip():
        errors["convention_reference"] = ValidationError(
            _("Indiquez la référence de la convention."), code="required"
        )
    if errors:
        raise ValidationError(errors)


def allocation_transition(
    *,
    actor,
    allocation: Allocation,
    to: str,
    convention_signed_on: dt.date | None = None,
    convention_reference: str = "",
    reason: str = "",
) -> Allocation:
    """Move an allocation along planned -> committed -> paid, or cancel it.

    Committing needs the convention (date and reference); marking paid needs at least one
    payment recorded; cancelling frees its amount in the envelope and needs a reason.
    """
    require_can_manage_funding(actor)
    try:
        target = AllocationStatus(to)
    except ValueError:
        raise field_error("status", _("Statut inconnu."), "invalid_transition") from None
    with transaction.atomic():
        lock_envelopes(allocation.envelope_id)
        current = lock_allocation(allocation)
        before = AllocationStatus(current.status)
        if not before.can_move_to(target):
            raise field_error(
                "status",
                _("Une attribution %(from)s ne peut pas passer à « %(to)s ».")
                % {"from": before.label, "to": target.label},
                "invalid_transition",
            )
        changes = {"status": [before.value, target.value]}
        if target == AllocationStatus.COMMITTED:
            check_convention(convention_signed_on, convention_reference)
            current.convention_signed_on = convention_signed_on
            current.convention_reference = convention_reference.strip()
            changes["convention"] = [convention_signed_on.isoformat(), current.convention_reference]
        elif target == AllocationStatus.PAID:
            if not current.payments.exists():
                raise field_error(
                    "status",
                    _("Enregistrez au moins un versement avant de marquer l'attribution versée."),
                    "no_payment",
                )
        elif target == AllocationStatus.CANCELLED:
            reason = (reason or "").strip()
            if not reason:
                raise field_error(
                    "reason", _("Dites pourquoi l'attribution est annulée."), "required"
                )
            changes["reason"] = reason
            if current.payments.exists():
                raise field_error(
                    "status",
                    _("Des versements sont enregistrés : l'attribution ne peut plus être annulée."),
                    "has_payments",
                )
        current.status = target
        current.save()
        audit_record(
            actor=actor, action=FundingAction.ALLOCATION_TRANSITION, target=current, changes=changes
        )
        if target == AllocationStatus.COMMITTED:
            allocation_decided_emit(current)
    allocation.status = current.status
    return current


def allocation_cancel(*, actor, allocation: Allocation, reason: str) -> Allocation:
    return allocation_transition(
        actor=actor, allocation=allocation, to=AllocationStatus.CANCELLED, reason=reason
    )
