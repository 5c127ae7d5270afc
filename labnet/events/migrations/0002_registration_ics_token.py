"""A calendar-only secret per registration, separate from the confirm/cancel `token`."""

import uuid

from django.db import migrations, models


def fill_ics_tokens(apps, schema_editor):
    # A callable default gives every existing row the same value: draw one per row.
    Registration = apps.get_model("events", "Registration")
    for registration in Registration.objects.only("pk").iterator():
        Registration.objects.filter(pk=registration.pk).update(ics_token=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
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
    ]
