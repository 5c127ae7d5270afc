"""Audit entries written before the privacy fix kept private texts: a contact message's
subject as the entry's snapshot, and the old and new bio / availability note of profile
updates. Keep the entries (who did what, when), drop those texts."""

from django.db import migrations

FREE_TEXT_FIELDS = ("bio", "availability_note")
FREE_TEXT_CHANGED = "modifié"  # as labnet.people.services.FREE_TEXT_CHANGED


def forget_private_texts(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    for entry in AuditEntry.objects.filter(target_type="people.contactmessage").only(
        "pk", "target_id"
    ):
        entry.target_repr = f"Message n° {entry.target_id}"
        entry.save(update_fields=["target_repr"])
    for entry in AuditEntry.objects.filter(action="profile.update").only("pk", "changes"):
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        if any(name in changes and changes[name] != FREE_TEXT_CHANGED for name in FREE_TEXT_FIELDS):
            for name in FREE_TEXT_FIELDS:
                if name in changes:
                    changes[name] = FREE_TEXT_CHANGED
            entry.changes = changes
            entry.save(update_fields=["changes"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunPython(forget_private_texts, migrations.RunPython.noop)]
