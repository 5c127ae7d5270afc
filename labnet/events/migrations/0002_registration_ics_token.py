"""A calendar-only secret per registration, separate from the confirm/cancel `token`; and
the audit entries written before the privacy fix, whose snapshot of a registration held
the person's name, now read « Inscription n° <id> » (Registration.__str__ names nobody)."""

import uuid

from django.db import migrations, models


def fill_ics_tokens(apps, schema_editor):
    # A callable default gives every existing row the same value: draw one per row.
    Registration = apps.get_model("events", "Registration")
    for registration in Registration.objects.only("pk").iterator():
        Registration.objects.filter(pk=registration.pk).update(ics_token=uuid.uuid4())


def forget_names_in_audit(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    for entry in (
        AuditEntry.objects.filter(target_type="events.registration")
        .exclude(target_repr="")
        .only("pk", "target_id")
    ):
        entry.target_repr = f"Inscription n° {entry.target_id}"
        entry.save(update_fields=["target_repr"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="ics_token",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_ics_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="registration",
            name="ics_token",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.RunPython(forget_names_in_audit, migrations.RunPython.noop),
    ]
