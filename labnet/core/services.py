"""Writes that every domain shares: the audit trail (and forgetting what it said of
rows deleted for a person's privacy)."""

from enum import StrEnum

from django.db import models

from .models import AuditEntry


def audit_record(
    *,
    actor,
    action: StrEnum | str,
    target: models.Model | None = None,
    changes: dict | None = None,
    channel: str = AuditEntry.Channel.WEB,
) -> AuditEntry:
    """Append one entry to the audit trail. Call it inside the write's transaction.

    `action` is a member of the app's audit enum (`labnet/<app>/audit.py`, valued
    `<app>.<service>`); `tests/test_consistency.py` checks every recorded action is one.
    """
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        channel=channel,
        action=str(action),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        changes=changes or {},
    )


def audit_forget(model: type[models.Model] | models.Model, pks) -> int:
    """Blank the text snapshot and the changed values of the audit entries about the rows
    `pks` of `model`, deleted for a person's privacy (erasure, retention purge): the trail
    keeps who did what, when, to which id, but no longer what the rows said. Returns the
    number of entries blanked. Call it in the deleting transaction."""
    ids = sorted({str(pk) for pk in pks})
    if not ids:
        return 0
    return AuditEntry.objects.filter(target_type=model._meta.label_lower, target_id__in=ids).update(
        target_repr="", changes={}
    )


def model_changes(instance: models.Model, data: dict) -> dict:
    """The {field: [old, new]} pairs of `data` that differ from `instance`, JSON-ready."""
    changes = {}
    for field, new in data.items():
        old = getattr(instance, field)
        if old != new:
            changes[field] = [_jsonable(old), _jsonable(new)]
    return changes


def _jsonable(value):
    if isinstance(value, models.Model):
        return str(value.pk)
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)
