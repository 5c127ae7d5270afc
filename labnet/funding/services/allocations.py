"""Allocations: money (or staff time) of an envelope given to a lab, a project or a
beneficiary outside the platform; their facts and their beneficiary's report. Their status
moves are in `transitions`, their payments in `payments`."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.fr import siret as stdnum_siret

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record, model_changes

from ..audit import FundingAction
from ..enums import AllocationStatus
from ..models import Allocation, Envelope
from ..rules import require_can_manage_funding, require_can_write_reporting_notes
from ..webhooks import allocation_decided_emit
from .base import (
    as_text,
    check_key,
    field_error,
    lock_allocation,
    new_key,
    only,
)
from .ceilings import (
    check_paid_within,
    held_by_allocations,
    held_by_children,
    lock_envelopes,
    over_ceiling,
)
from .transitions import check_convention

ALLOCATION_FIELDS = (
    "key",
    "envelope",
    "lab",
    "project",
    "beneficiary_name",
    "beneficiary_siret",
    "region",
    "amount_eur",
    "fte",
    "amount_unknown",
    "year",
    "period_start",
    "period_end",
    "decision",
    "eu_notified",
    "description",
    "source",
)


def _clean_siret(raw: str) -> str:
    compact = stdnum_siret.compact(raw or "")
    if compact and not stdnum_siret.is_valid(compact):
        raise field_error(
            "beneficiary_siret",
            _(
                "« %(siret)s » n'est pas un numéro SIRET valide : 14 chiffres dont le dernier "
                "est une clé de contrôle (vérifiez-le sur l'annuaire des entreprises)."
            )
            % {"siret": raw},
            "invalid_siret",
        )
    return compact


def _clean_allocation(data: dict) -> dict:
    data = only(data, ALLOCATION_FIELDS)
    data["beneficiary_name"] = (data.get("beneficiary_name") or "").strip()
    errors = {}
    if data.get("envelope") is None:
        errors["envelope"] = ValidationError(_("Choisissez l'enveloppe."), code="required")
    beneficiaries = [
        bool(data.get("lab")),
        bool(data.get("project")),
        bool(data["beneficiary_name"]),
    ]
    if sum(beneficiaries) != 1:
        errors["lab"] = ValidationError(
            _(
                "Indiquez un seul bénéficiaire : un laboratoire, un projet, ou un bénéficiaire "
                "hors plateforme (son nom)."
            ),
            code="beneficiary",
        )
    try:
        data["beneficiary_siret"] = _clean_siret(data.get("beneficiary_siret", ""))
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if data.get("beneficiary_siret") and not data["beneficiary_name"]:
        errors["beneficiary_siret"] = ValidationError(
            _("Le SIRET ne s'indique que pour un bénéficiaire hors plateforme.")
        )
    amount, fte = data.get("amount_eur"), data.get("fte")
    unknown = bool(data.get("amount_unknown"))
    if amount is not None and amount < 0:
        errors["amount_eur"] = ValidationError(_("Un montant ne peut pas être négatif."))
    if amount is not None and unknown:
        errors["amount_unknown"] = ValidationError(
            _("Un montant est saisi : décochez « montant non indiqué » ou videz le montant.")
        )
    if amount is None and fte is None and not unknown:
        errors["amount_eur"] = ValidationError(
            _(
                "Indiquez un montant, un soutien en ETP, ou les deux ; si la source ne donne "
                "pas le montant, cochez « montant non indiqué »."
            ),
            code="required",
        )
    start, end = data.get("period_start"), data.get("period_end")
    if start and end and end < start:
        errors["period_end"] = ValidationError(_("La fin de la période est avant son début."))
    if errors:
        raise ValidationError(errors)
    data["amount_unknown"] = unknown
    if data.get("region") is None:
        lab = data.get("lab") or (data["project"].lead_lab if data.get("project") else None)
        data["region"] = (
            data["project"].region
            if data.get("project") and data["project"].region_id
            else (lab.region if lab else None)
        )
    return data


def _check_allocation_fits(envelope: Envelope, allocation: Allocation) -> None:
    """With the envelope locked: the allocation's amount fits in what is left."""
    if (
        envelope.amount_eur is None
        or allocation.amount_eur is None
        or not AllocationStatus(allocation.status).counts_against_envelope
    ):
        return
    used = held_by_children(envelope) + held_by_allocations(
        envelope, exclude_allocation=allocation.pk
    )
    if used + allocation.amount_eur > envelope.amount_eur:
        raise over_ceiling(
            envelope,
            used=used,
            asked=allocation.amount_eur,
            field="amount_eur",
            what=_("demandés pour cette attribution"),
        )


def allocation_create(
    *,
    actor,
    data: dict,
    status: str = AllocationStatus.PLANNED,
    convention_signed_on: dt.date | None = None,
    convention_reference: str = "",
    channel: str = AuditEntry.Channel.WEB,
) -> Allocation:
    """A new allocation, planned (or committed at once when its convention is given)."""
    require_can_manage_funding(actor)
    data = _clean_allocation(data)
    status = AllocationStatus(status)
    if status not in (AllocationStatus.PLANNED, AllocationStatus.COMMITTED):
        raise field_error(
            "status", _("Une attribution se crée prévue ou engagée."), "invalid_transition"
        )
    if status == AllocationStatus.COMMITTED:
        check_convention(convention_signed_on, convention_reference)
    with transaction.atomic():
        envelope = lock_envelopes(data["envelope"].pk)[data["envelope"].pk]
        data["envelope"] = envelope
        if data.get("key"):
            check_key(Allocation, data["key"])
        else:
            data["key"] = new_key(
                Allocation,
                f"{envelope.key}-{_beneficiary_slug(data)}",
                max_length=120,
            )
        allocation = Allocation(
            **data,
            status=status,
            convention_signed_on=convention_signed_on,
            convention_reference=(convention_reference or "").strip(),
            created_by=actor,
        )
        _check_allocation_fits(envelope, allocation)
        allocation.save()
        audit_record(
            actor=actor,
            action=FundingAction.ALLOCATION_CREATE,
            target=allocation,
            channel=channel,
            changes={
                "envelope": envelope.key,
                "status": allocation.status,
                "amount_eur": as_text(allocation.amount_eur),
                "fte": as_text(allocation.fte),
            },
        )
        if allocation.status == AllocationStatus.COMMITTED:
            allocation_decided_emit(allocation)
    return allocation


def _beneficiary_slug(data: dict) -> str:
    if data.get("lab"):
        return data["lab"].key
    if data.get("project"):
        return data["project"].key
    return data["beneficiary_name"]


def allocation_update(*, actor, allocation: Allocation, data: dict) -> Allocation:
    """Change an allocation's facts (not its status: see allocation_transition)."""
    require_can_manage_funding(actor)
    data = _clean_allocation(data)
    data.pop("key", None)
    with transaction.atomic():
        old_envelope_id = allocation.envelope_id
        envelopes = lock_envelopes(old_envelope_id, data["envelope"].pk)
        current = lock_allocation(allocation)
        if current.status in (AllocationStatus.PAID, AllocationStatus.CANCELLED):
            raise ValidationError(
                _("Une attribution %(status)s ne se modifie plus.")
                % {"status": current.get_status_display()},
                code="final",
            )
        data["envelope"] = envelopes[data["envelope"].pk]
        changes = model_changes(current, data)
        for name, value in data.items():
            setattr(current, name, value)
        _check_allocation_fits(current.envelope, current)
        check_paid_within(current)
        current.save()
        audit_record(
            actor=actor, action=FundingAction.ALLOCATION_UPDATE, target=current, changes=changes
        )
    return current


def allocation_update_reporting_notes(*, actor, allocation: Allocation, notes: str) -> Allocation:
    """What the beneficiary reports (use of the money, results): its lab's lead or the
    coordination write it."""
    require_can_write_reporting_notes(actor, allocation)
    notes = (notes or "").strip()
    with transaction.atomic():
        current = lock_allocation(allocation)
        changes = model_changes(current, {"reporting_notes": notes})
        current.reporting_notes = notes
        current.save(update_fields=["reporting_notes", "updated_at"])
        audit_record(
            actor=actor,
            action=FundingAction.ALLOCATION_UPDATE_REPORTING_NOTES,
            target=current,
            changes=changes,
        )
    allocation.reporting_notes = notes
    return current
