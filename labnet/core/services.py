"""Writes that every domain shares: the audit trail (and forgetting what it said of
rows deleted for a person's privacy)."""

from enum import StrEnum

from django.db import models, transaction
from django.utils import timezone

from .audit import CoreAction
from .models import REDACTING, AuditEntry
from .topics import topic_of_label, topics_changed


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
    Every write records one, so this is also where the public pages' cache learns what
    changed: the action's app and the target's app are bumped once the write commits
    (`core.topics`, docs/adr/0048-cache-public-pages.md).
    """
    topics_changed(
        topic_of_label(str(action)),
        target._meta.app_label if target is not None else "",
    )
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
    return audit_redact(
        entries=AuditEntry.objects.filter(target_type=model._meta.label_lower, target_id__in=ids),
        reason=f"forget {model._meta.label_lower}",
        values={"target_repr": "", "changes": {}},
    )


def audit_redact(*, entries, reason: str, values: dict | None = None, rewrite=None) -> int:
    """The one sanctioned rewrite of the trail, for privacy (docs/adr/0022): `values`
    (expressions allowed) are written into `entries` in one update, and/or `rewrite(entry)`
    returns each entry's new {field: value} (written in bulk). The entries are marked
    redacted (their content hash stays, so the chain still links) and a new chained entry
    lists them, so `audit_verify` tells a recorded redaction from tampering. Returns the
    number of entries redacted."""
    with transaction.atomic():
        seqs = sorted(entries.values_list("seq", flat=True))
        if not seqs:
            return 0
        now = timezone.now()
        token = REDACTING.set(True)
        try:
            targeted = AuditEntry.objects.filter(seq__in=seqs)
            if values:
                targeted.update(redacted_at=now, **values)
            if rewrite is not None:
                changed = []
                for entry in targeted.only("pk", "target_repr", "changes"):
                    for field, value in rewrite(entry).items():
                        setattr(entry, field, value)
                    entry.redacted_at = now
                    changed.append(entry)
                AuditEntry.objects.bulk_update(
                    changed, ["target_repr", "changes", "redacted_at"], batch_size=500
                )
            elif not values:
                targeted.update(redacted_at=now)
        finally:
            REDACTING.reset(token)
        audit_record(
            actor=None,
            action=CoreAction.AUDIT_REDACT,
            changes={"reason": reason, "seqs": seqs},
            channel=AuditEntry.Channel.COMMAND,
        )
    return len(seqs)


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
