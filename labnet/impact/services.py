"""Writes of impact: a project's indicators and their measured values.

Every function checks its rule, validates with French messages keyed by field, runs in
one transaction and records an audit entry. Surveys are in `surveys.py`.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record, model_changes

from .audit import ImpactAction
from .enums import Direction
from .models import VALUE, Indicator, Measurement
from .rules import can_record_impact

LIMIT = Decimal(10) ** (VALUE["max_digits"] - VALUE["decimal_places"])


def _refuse(project):
    raise PermissionDenied(
        _("Seules les équipes des laboratoires du projet enregistrent ses indicateurs.")
    )


def _decimal(value, field: str, errors: dict, *, required=False):
    if value in (None, ""):
        if required:
            errors[field] = [_("Indiquez une valeur (un nombre, ex. 12,5).")]
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        errors[field] = [_("« %(value)s » n'est pas un nombre (ex. 12,5).") % {"value": value}]
        return None
    if not number.is_finite() or abs(number) >= LIMIT:
        errors[field] = [_("Ce nombre est trop grand.")]
        return None
    if -number.as_tuple().exponent > VALUE["decimal_places"]:
        errors[field] = [
            _("%(n)d décimales au plus.") % {"n": VALUE["decimal_places"]},
        ]
        return None
    return number


def _indicator_fields(data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned = {
        "name": (data.get("name") or "").strip(),
        "unit": (data.get("unit") or "").strip(),
        "direction": data.get("direction") or "",
        "baseline_value": _decimal(data.get("baseline_value"), "baseline_value", errors),
        "baseline_on": data.get("baseline_on") or None,
        "target_value": _decimal(data.get("target_value"), "target_value", errors),
        "target_on": data.get("target_on") or None,
        "is_public": bool(data.get("is_public")),
    }
    if not cleaned["name"]:
        errors["name"] = [_("Donnez un nom à l'indicateur, ex. « délai moyen de traitement ».")]
    elif len(cleaned["name"]) > 200:
        errors["name"] = [_("Le nom tient en 200 caractères au plus.")]
    if not cleaned["unit"]:
        errors["unit"] = [_("Indiquez l'unité, ex. « jours », « % » ou « dossiers ».")]
    elif len(cleaned["unit"]) > 50:
        errors["unit"] = [_("L'unité tient en 50 caractères au plus.")]
    if cleaned["direction"] not in Direction.values:
        errors["direction"] = [_("Choisissez si une valeur plus haute ou plus basse est mieux.")]
    baseline_on, target_on = cleaned["baseline_on"], cleaned["target_on"]
    if baseline_on and target_on and target_on < baseline_on:
        errors["target_on"] = [_("L'échéance de la cible est avant la date de référence.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _new_key(project, name: str) -> str:
    base = slugify(f"{project.key}-{name}")[:110].strip("-") or "indicateur"
    taken = set(Indicator.objects.filter(key__startswith=base).values_list("key", flat=True))
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def indicator_create(*, actor, project, channel=AuditEntry.Channel.WEB, **data) -> Indicator:
    if not can_record_impact(actor, project):
        _refuse(project)
    cleaned = _indicator_fields(data)
    with transaction.atomic():
        indicator = Indicator.objects.create(
            project=project, key=_new_key(project, cleaned["name"]), **cleaned
        )
        audit_record(
            actor=actor,
            action=ImpactAction.INDICATOR_CREATE,
            target=indicator,
            changes={"project": project.key, "name": indicator.name},
            channel=channel,
        )
    return indicator


def indicator_update(
    *, actor, indicator: Indicator, channel=AuditEntry.Channel.WEB, **data
) -> Indicator:
    if not can_record_impact(actor, indicator.project):
        _refuse(indicator.project)
    merged = {
        name: getattr(indicator, name)
        for name in (
            "name",
            "unit",
            "direction",
            "baseline_value",
            "baseline_on",
            "target_value",
            "target_on",
            "is_public",
        )
    }
    merged.update(data)
    cleaned = _indicator_fields(merged)
    with transaction.atomic():
        locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
        changes = model_changes(locked, cleaned)
        for name, value in cleaned.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(
            actor=actor,
            action=ImpactAction.INDICATOR_UPDATE,
            target=locked,
            changes=changes,
            channel=channel,
        )
    return locked


def _measurement_fields(indicator, data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned = {
        "value": _decimal(data.get("value"), "value", errors, required=True),
        "measured_on": data.get("measured_on") or None,
        "source_document": data.get("source_document"),
        "source_url": (data.get("source_url") or "").strip(),
        "source_text": (data.get("source_text") or "").strip(),
        "comment": (data.get("comment") or "").strip(),
    }
    if cleaned["measured_on"] is None:
        errors["measured_on"] = [_("Indiquez la date de la mesure.")]
    document = cleaned["source_document"]
    if document is not None and document.project_id != indicator.project_id:
        errors["source_document"] = [_("Ce document n'est pas un document de ce projet.")]
    if cleaned["source_url"]:
        try:
            URLValidator(schemes=["http", "https"])(cleaned["source_url"])
        except ValidationError:
            errors["source_url"] = [
                _("Cette adresse web n'est pas valide : elle commence par https:// ou http://.")
            ]
        else:
            if len(cleaned["source_url"]) > 500:
                errors["source_url"] = [_("L'adresse web tient en 500 caractères au plus.")]
    if not (document or cleaned["source_url"] or cleaned["source_text"]) and not errors.get(
        "source_url"
    ):
        errors["source_text"] = [
            _(
                "Indiquez d'où vient la valeur : un document du projet, un lien ou un texte "
                "(ex. « tableau de bord du service, mars 2025 »)."
            )
        ]
    if errors:
        raise ValidationError(errors)
    return cleaned


def measurement_record(
    *, actor, indicator: Indicator, channel=AuditEntry.Channel.WEB, **data
) -> Measurement:
    """Add a measured value to `indicator`, with its source (document, link or text)."""
    if not can_record_impact(actor, indicator.project):
        _refuse(indicator.project)
    cleaned = _measurement_fields(indicator, data)
    with transaction.atomic():
        measurement = Measurement.objects.create(
            indicator=indicator,
            recorded_by=actor if actor.is_authenticated else None,
            **cleaned,
        )
        audit_record(
            actor=actor,
            action=ImpactAction.MEASUREMENT_RECORD,
            target=measurement,
            changes={
                "indicator": indicator.key,
                "value": str(measurement.value),
                "measured_on": str(measurement.measured_on),
            },
            channel=channel,
        )
    return measurement


def measurement_update(
    *, actor, measurement: Measurement, channel=AuditEntry.Channel.WEB, **data
) -> Measurement:
    indicator = measurement.indicator
    if not can_record_impact(actor, indicator.project):
        _refuse(indicator.project)
    merged = {
        name: getattr(measurement, name)
        for name in (
            "value",
            "measured_on",
            "source_document",
            "source_url",
            "source_text",
            "comment",
        )
    }
    merged.update(data)
    cleaned = _measurement_fields(indicator, merged)
    with transaction.atomic():
        locked = Measurement.objects.select_for_update().get(pk=measurement.pk)
        changes = model_changes(locked, cleaned)
        for name, value in cleaned.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(
            actor=actor,
            action=ImpactAction.MEASUREMENT_UPDATE,
            target=locked,
            changes=changes,
            channel=channel,
        )
    return locked
