"""Envelopes: an amount of a funding source, split into child envelopes and allocations."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from labnet.core.services import audit_record, model_changes

from ..audit import FundingAction
from ..models import Envelope
from ..money import format_eur
from ..rules import require_can_manage_funding
from .base import as_text, check_key, field_error, new_key, only
from .ceilings import (
    chain_ids,
    envelope_used,
    held_by_allocations,
    held_by_children,
    lock_envelopes,
    over_ceiling,
)

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


def _check_envelope_fits(envelope: Envelope, *, parent: Envelope | None, exclude_pk=None) -> None:
    """With the rows locked: the envelope fits in its parent and holds what it contains."""
    if parent is not None and parent.amount_eur is not None and envelope.amount_eur is not None:
        used = held_by_children(parent, exclude_child=exclude_pk) + held_by_allocations(parent)
        if used + envelope.amount_eur > parent.amount_eur:
            raise over_ceiling(
                parent,
                used=used,
                asked=envelope.amount_eur,
                field="amount_eur",
                what=_("de cette enveloppe"),
            )
    if exclude_pk is not None and envelope.amount_eur is not None:
        used = envelope_used(envelope)
        if used > envelope.amount_eur:
            raise field_error(
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
    data = only(data, ENVELOPE_FIELDS)
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
    require_can_manage_funding(actor)
    data = _clean_envelope(data)
    with transaction.atomic():
        parent = data.get("parent")
        if parent is not None:
            parent = lock_envelopes(parent.pk)[parent.pk]
            data["parent"] = parent
        if data.get("key"):
            check_key(Envelope, data["key"])
        else:
            data["key"] = new_key(Envelope, data["name"], max_length=100)
        envelope = Envelope(**data)
        _check_envelope_fits(envelope, parent=parent)
        envelope.save()
        audit_record(
            actor=actor,
            action=FundingAction.ENVELOPE_CREATE,
            target=envelope,
            changes={
                "key": envelope.key,
                "amount_eur": as_text(envelope.amount_eur),
                "parent": parent.key if parent else None,
            },
        )
    return envelope


def envelope_update(*, actor, envelope: Envelope, data: dict) -> Envelope:
    require_can_manage_funding(actor)
    data = _clean_envelope(data)
    data.pop("key", None)
    with transaction.atomic():
        new_parent = data.get("parent")
        locked = lock_envelopes(envelope.pk, new_parent.pk if new_parent else None)
        current = locked[envelope.pk]
        if new_parent is not None:
            if envelope.pk in chain_ids(new_parent.pk):
                raise field_error(
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
