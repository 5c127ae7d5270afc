"""Writes on the network's funding. Each checks the rule, runs in one transaction and is
audited.

The sums that must hold whatever the order or concurrency of writes:
- an envelope's child envelopes plus its own allocations never sum beyond its amount;
- the allocations of an envelope (planned + committed + paid, not cancelled) never sum
  beyond it;
- the payments of an allocation never sum beyond its amount.

They are checked after locking the rows they span (`select_for_update`): the envelope's
parent chain (always locked in primary-key order, so two writers never wait for each
other), then the allocation. An unknown amount (NULL) sets no ceiling and adds nothing to a
sum: it is counted apart (docs/adr/0037-funding-money.md).
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.text import slugify
from django.utils.translation import gettext as _
from stdnum.fr import siret as stdnum_siret

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record, model_changes

from .audit import FundingAction
from .enums import AllocationStatus
from .models import ZERO, Allocation, Envelope, FundingSource, Payment
from .money import format_eur
from .rules import can_manage_funding, can_record_payment, can_write_reporting_notes
from .webhooks import allocation_decided_emit

SOURCE_FIELDS = ("key", "name", "kind", "description", "source")
ENVELOPE_FIELDS = (
    "key",
    "funding_source",
    "parent",
    "name",
    "amount_eur",
    "year",
    "scope",
    "description",
    "source",
)
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
    "description",
    "source",
)


def _field_error(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _require_manager(actor) -> None:
    if not can_manage_funding(actor):
        raise PermissionDenied(_("Seule la coordination nationale gère les financements."))


def _only(data: dict, fields: tuple[str, ...]) -> dict:
    return {name: data[name] for name in fields if name in data}


def _unique_key(model, base: str, *, max_length: int, exclude_pk=None) -> str:
    base = (slugify(base) or "financement")[: max_length - 4].strip("-")
    key, n = base, 2
    taken = model.objects.exclude(pk=exclude_pk)
    while taken.filter(key=key).exists():
        key = f"{base}-{n}"
        n += 1
    return key


def _check_key(model, key: str, *, exclude_pk=None) -> None:
    if model.objects.exclude(pk=exclude_pk).filter(key=key).exists():
        raise _field_error(
            "key", _("La clé « %(key)s » est déjà utilisée.") % {"key": key}, "duplicate"
        )


# --- funding sources --------------------------------------------------------------------


def _clean_source(data: dict) -> dict:
    data = _only(data, SOURCE_FIELDS)
    data["name"] = (data.get("name") or "").strip()
    if not data["name"]:
        raise _field_error("name", _("Indiquez le nom de la source de financement."), "required")
    return data


def funding_source_create(*, actor, data: dict) -> FundingSource:
    _require_manager(actor)
    data = _clean_source(data)
    with transaction.atomic():
        if data.get("key"):
            _check_key(FundingSource, data["key"])
        else:
            data["key"] = _unique_key(FundingSource, data["name"], max_length=100)
        source = FundingSource.objects.create(**data)
        audit_record(
            actor=actor,
            action=FundingAction.FUNDING_SOURCE_CREATE,
            target=source,
            changes={"key": source.key, "name": source.name, "kind": source.kind},
        )
    return source


def funding_source_update(*, actor, funding_source: FundingSource, data: dict) -> FundingSource:
    _require_manager(actor)
    data = _clean_source(data)
    data.pop("key", None)  # a published key never changes
    with transaction.atomic():
        locked = FundingSource.objects.select_for_update().get(pk=funding_source.pk)
        changes = model_changes(locked, data)
        for name, value in data.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(
            actor=actor, action=FundingAction.FUNDING_SOURCE_UPDATE, target=locked, changes=changes
        )
    return locked


# --- envelopes and their sums -------------------------------------------------------------


def _chain_ids(envelope_id) -> list[int]:
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
            ids.update(_chain_ids(envelope_id))
    rows = Envelope.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {envelope.pk: envelope for envelope in rows}


def _held_by_children(envelope: Envelope, *, exclude_child=None) -> Decimal:
    children = envelope.children.exclude(pk=exclude_child)
    return children.aggregate(total=Sum("amount_eur"))["total"] or ZERO


def _held_by_allocations(envelope: Envelope, *, exclude_allocation=None) -> Decimal:
    allocations = envelope.allocations.filter(status__in=AllocationStatus.holding()).exclude(
        pk=exclude_allocation
    )
    return allocations.aggregate(total=Sum("amount_eur"))["total"] or ZERO


def envelope_used(envelope: Envelope) -> Decimal:
    """What the envelope already holds: its child envelopes and its own live allocations."""
    return _held_by_children(envelope) + _held_by_allocations(envelope)


def _over_ceiling(envelope: Envelope, *, used: Decimal, asked: Decimal, field: str, what: str):
    left = max(envelope.amount_eur - used, ZERO)
    return _field_error(
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


def _check_envelope_fits(envelope: Envelope, *, parent: Envelope | None, exclude_pk=None) -> None:
    """With the rows locked: the envelope fits in its parent and holds what it contains."""
    if parent is not None and parent.amount_eur is not None and envelope.amount_eur is not None:
        used = _held_by_children(parent, exclude_child=exclude_pk) + _held_by_allocations(parent)
        if used + envelope.amount_eur > parent.amount_eur:
            raise _over_ceiling(
                parent,
                used=used,
                asked=envelope.amount_eur,
                field="amount_eur",
                what=_("de cette enveloppe"),
            )
    if exclude_pk is not None and envelope.amount_eur is not None:
        used = envelope_used(envelope)
        if used > envelope.amount_eur:
            raise _field_error(
                "amount_eur",
                _(
                    "L'enveloppe « %(name)s » a déjà %(used)s attribués ou répartis : son "
                    "montant ne peut pas descendre à %(amount)s."
                )
                % {
                    "name": envelope.name,
                    "used": format_eur(used),
                    "amount": format_eur(envelope.amount_eur),
                },
                "over_allocated",
            )


def _clean_envelope(data: dict) -> dict:
    data = _only(data, ENVELOPE_FIELDS)
    data["name"] = (data.get("name") or "").strip()
    errors = {}
    if not data["name"]:
        errors["name"] = ValidationError(_("Indiquez le nom de l'enveloppe."), code="required")
    if data.get("funding_source") is None:
        errors["funding_source"] = ValidationError(
            _("Choisissez la source de financement."), code="required"
        )
    amount = data.get("amount_eur")
    if amount is not None and amount < 0:
        errors["amount_eur"] = ValidationError(_("Un montant ne peut pas être négatif."))
    parent = data.get("parent")
    source = data.get("funding_source")
    if parent is not None and source is not None and parent.funding_source_id != source.pk:
        errors["parent"] = ValidationError(
            _("L'enveloppe parente « %(name)s » relève d'une autre source de financement.")
            % {"name": parent.name}
        )
    if errors:
        raise ValidationError(errors)
    return data


def envelope_create(*, actor, data: dict) -> Envelope:
    _require_manager(actor)
    data = _clean_envelope(data)
    with transaction.atomic():
        parent = data.get("parent")
        if parent is not None:
            parent = lock_envelopes(parent.pk)[parent.pk]
            data["parent"] = parent
        if data.get("key"):
            _check_key(Envelope, data["key"])
        else:
            data["key"] = _unique_key(Envelope, data["name"], max_length=100)
        envelope = Envelope(**data)
        _check_envelope_fits(envelope, parent=parent)
        envelope.save()
        audit_record(
            actor=actor,
            action=FundingAction.ENVELOPE_CREATE,
            target=envelope,
            changes={
                "key": envelope.key,
                "amount_eur": None if envelope.amount_eur is None else str(envelope.amount_eur),
                "parent": parent.key if parent else None,
            },
        )
    return envelope


def envelope_update(*, actor, envelope: Envelope, data: dict) -> Envelope:
    _require_manager(actor)
    data = _clean_envelope(data)
    data.pop("key", None)
    with transaction.atomic():
        new_parent = data.get("parent")
        locked = lock_envelopes(envelope.pk, new_parent.pk if new_parent else None)
        current = locked[envelope.pk]
        if new_parent is not None:
            if envelope.pk in _chain_ids(new_parent.pk):
                raise _field_error(
                    "parent", _("Une enveloppe ne peut pas être rangée sous elle-même.")
                )
            data["parent"] = locked[new_parent.pk]
        changes = model_changes(current, data)
        for name, value in data.items():
            setattr(current, name, value)
        _check_envelope_fits(current, parent=data.get("parent"), exclude_pk=current.pk)
        current.save()
        audit_record(
            actor=actor, action=FundingAction.ENVELOPE_UPDATE, target=current, changes=changes
        )
    return current


# --- allocations ------------------------------------------------------------------------


def _clean_siret(raw: str) -> str:
    compact = stdnum_siret.compact(raw or "")
    if compact and not stdnum_siret.is_valid(compact):
        raise _field_error(
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
    data = _only(data, ALLOCATION_FIELDS)
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
    used = _held_by_children(envelope) + _held_by_allocations(
        envelope, exclude_allocation=allocation.pk
    )
    if used + allocation.amount_eur > envelope.amount_eur:
        raise _over_ceiling(
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
    _require_manager(actor)
    data = _clean_allocation(data)
    status = AllocationStatus(status)
    if status not in (AllocationStatus.PLANNED, AllocationStatus.COMMITTED):
        raise _field_error(
            "status", _("Une attribution se crée prévue ou engagée."), "invalid_transition"
        )
    if status == AllocationStatus.COMMITTED:
        _check_convention(convention_signed_on, convention_reference)
    with transaction.atomic():
        envelope = lock_envelopes(data["envelope"].pk)[data["envelope"].pk]
        data["envelope"] = envelope
        if data.get("key"):
            _check_key(Allocation, data["key"])
        else:
            data["key"] = _unique_key(
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
                "amount_eur": _text(allocation.amount_eur),
                "fte": _text(allocation.fte),
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


def _text(value):
    return None if value is None else str(value)


def _lock_allocation(allocation: Allocation) -> Allocation:
    return (
        Allocation.objects.select_for_update(of=("self",))
        .select_related("envelope", "lab", "project")
        .get(pk=allocation.pk)
    )


def allocation_update(*, actor, allocation: Allocation, data: dict) -> Allocation:
    """Change an allocation's facts (not its status: see allocation_transition)."""
    _require_manager(actor)
    data = _clean_allocation(data)
    data.pop("key", None)
    with transaction.atomic():
        old_envelope_id = allocation.envelope_id
        envelopes = lock_envelopes(old_envelope_id, data["envelope"].pk)
        current = _lock_allocation(allocation)
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
        _check_paid_within(current)
        current.save()
        audit_record(
            actor=actor, action=FundingAction.ALLOCATION_UPDATE, target=current, changes=changes
        )
    return current


def _check_convention(signed_on, reference) -> None:
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
    _require_manager(actor)
    try:
        target = AllocationStatus(to)
    except ValueError:
        raise _field_error("status", _("Statut inconnu."), "invalid_transition") from None
    with transaction.atomic():
        lock_envelopes(allocation.envelope_id)
        current = _lock_allocation(allocation)
        before = AllocationStatus(current.status)
        if not before.can_move_to(target):
            raise _field_error(
                "status",
                _("Une attribution %(from)s ne peut pas passer à « %(to)s ».")
                % {"from": before.label, "to": target.label},
                "invalid_transition",
            )
        changes = {"status": [before.value, target.value]}
        if target == AllocationStatus.COMMITTED:
            _check_convention(convention_signed_on, convention_reference)
            current.convention_signed_on = convention_signed_on
            current.convention_reference = convention_reference.strip()
            changes["convention"] = [convention_signed_on.isoformat(), current.convention_reference]
        elif target == AllocationStatus.PAID:
            if not current.payments.exists():
                raise _field_error(
                    "status",
                    _("Enregistrez au moins un versement avant de marquer l'attribution versée."),
                    "no_payment",
                )
        elif target == AllocationStatus.CANCELLED:
            reason = (reason or "").strip()
            if not reason:
                raise _field_error(
                    "reason", _("Dites pourquoi l'attribution est annulée."), "required"
                )
            changes["reason"] = reason
            if current.payments.exists():
                raise _field_error(
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


def _paid_total(allocation: Allocation) -> Decimal:
    return allocation.payments.aggregate(total=Sum("amount_eur"))["total"] or ZERO


def _check_paid_within(allocation: Allocation) -> None:
    if allocation.amount_eur is None:
        if allocation.payments.exists():
            raise _field_error(
                "amount_eur",
                _("Des versements sont enregistrés : le montant ne peut plus être effacé."),
            )
        return
    paid = _paid_total(allocation)
    if paid > allocation.amount_eur:
        raise _field_error(
            "amount_eur",
            _("%(paid)s sont déjà versés : le montant ne peut pas descendre à %(amount)s.")
            % {"paid": format_eur(paid), "amount": format_eur(allocation.amount_eur)},
            "over_paid",
        )


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
    if not can_record_payment(actor, allocation):
        raise PermissionDenied(
            _(
                "Seuls la coordination et le responsable du laboratoire bénéficiaire "
                "enregistrent les versements."
            )
        )
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
        current = _lock_allocation(allocation)
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
            raise _field_error(
                "amount_eur",
                _(
                    "Le montant de l'attribution n'est pas indiqué : indiquez-le avant "
                    "d'enregistrer un versement."
                ),
                "unknown_amount",
            )
        paid = _paid_total(current)
        if paid + amount_eur > current.amount_eur:
            raise _field_error(
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


def allocation_update_reporting_notes(*, actor, allocation: Allocation, notes: str) -> Allocation:
    """What the beneficiary reports (use of the money, results): its lab's lead or the
    coordination write it."""
    if not can_write_reporting_notes(actor, allocation):
        raise PermissionDenied(
            _(
                "Seuls la coordination et le responsable du laboratoire bénéficiaire "
                "rédigent le compte rendu."
            )
        )
    notes = (notes or "").strip()
    with transaction.atomic():
        current = _lock_allocation(allocation)
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
