"""Payments made on an allocation; the last one that reaches its amount marks it paid."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record

from ..audit import FundingAction
from ..enums import AllocationStatus
from ..models import Allocation, Payment
from ..money import format_eur
from ..rules import require_can_record_payment
from .base import field_error, lock_allocation
from .ceilings import paid_total


def payment_record(
    *,
    actor,
    allocation: Allocation,
    paid_on: dt.date,
    amount_eur: Decimal,
    reference: str = "",
    channel: str = AuditEntry.Channel.WEB,
) -> Payment:
    """A payment made or received. The coordination or the beneficiary lab's lead records it;
    when the payments reach the allocation's amount, it becomes paid."""
    require_can_record_payment(actor, allocation)
    errors = {}
    if not paid_on:
        errors["paid_on"] = ValidationError(_("Indiquez la date du versement."), code="required")
    elif paid_on > dt.date.today() + dt.timedelta(days=1):
        errors["paid_on"] = ValidationError(_("Un versement ne peut pas être daté dans le futur."))
    if amount_eur is None or amount_eur <= 0:
        errors["amount_eur"] = ValidationError(
            _("Indiquez un montant versé supérieur à 0 €."), code="required"
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = lock_allocation(allocation)
        if current.status not in (AllocationStatus.COMMITTED, AllocationStatus.PAID):
            raise ValidationError(
                _(
                    "Seule une attribution engagée reçoit des versements "
                    "(statut actuel : %(status)s)."
                )
                % {"status": current.get_status_display()},
                code="invalid_transition",
            )
        if current.amount_eur is None:
            raise field_error(
                "amount_eur",
                _(
                    "Le montant de l'attribution n'est pas indiqué : indiquez-le avant "
                    "d'enregistrer un versement."
                ),
                "unknown_amount",
            )
        paid = paid_total(current)
        if paid + amount_eur > current.amount_eur:
            raise field_error(
                "amount_eur",
                _(
                    "L'attribution « %(name)s » est de %(amount)s et %(paid)s sont déjà versés : "
                    "il reste %(left)s, moins que les %(asked)s de ce versement."
                )
                % {
                    "name": current.beneficiary_label,
                    "amount": format_eur(current.amount_eur),
                    "paid": format_eur(paid),
                    "left": format_eur(current.amount_eur - paid),
                    "asked": format_eur(amount_eur),
                },
                "over_paid",
            )
        payment = Payment.objects.create(
            allocation=current,
            paid_on=paid_on,
            amount_eur=amount_eur,
            reference=(reference or "").strip(),
            recorded_by=actor,
        )
        changes = {"amount_eur": str(amount_eur), "paid_on": paid_on.isoformat()}
        if paid + amount_eur == current.amount_eur and current.status == AllocationStatus.COMMITTED:
            current.status = AllocationStatus.PAID
            current.save(update_fields=["status", "updated_at"])
            changes["status"] = [AllocationStatus.COMMITTED, AllocationStatus.PAID]
        audit_record(
            actor=actor,
            action=FundingAction.PAYMENT_RECORD,
            target=payment,
            changes=changes,
            channel=channel,
        )
    allocation.status = current.status
    return payment
