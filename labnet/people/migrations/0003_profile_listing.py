"""The directory's listing on the profile row (docs/adr/0056): columns, values, index."""

from django.conf import settings
from django.db import migrations, models


def fill_listing(apps, schema_editor):
    """The rule of labnet/people/listing.py, spelt out here (a migration imports no app
    code): listed = findable, account active and not erased; name_key = the name as
    Python lower-cases it (SQL lower() differs on SQLite beyond ASCII). One plain UPDATE
    per row, sent in batches (bulk_update's CASE over thousands of ids is quadratic on
    SQLite)."""
    Profile = apps.get_model("people", "Profile")
    table = schema_editor.quote_name(Profile._meta.db_table)
    sql = f"UPDATE {table} SET listed = %s, name_key = %s WHERE id = %s"
    rows = Profile.objects.order_by("pk").values_list(
        "pk", "is_findable", "user__full_name", "user__is_active", "user__erased_at"
    )
    last = 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            batch = list(rows.filter(pk__gt=last)[:5000])
            if not batch:
                return
            last = batch[-1][0]
            cursor.executemany(
                sql,
                [
                    (bool(findable and active and erased_at is None), (name or "").lower(), pk)
                    for pk, findable, name, active, erased_at in batch
                ],
            )


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0002_proconnect_siret'),
        ('people', '0002_audit_forget_private_texts'),
        ('territories', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='profile',
            name='listed',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='profile',
            name='name_key',
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.RunPython(fill_listing, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='profile',
            index=models.Index(condition=models.Q(('listed', True)), fields=[
                    "availability",
                    "name_key",
                    "id",
                    "region",
                    "department",
                    "organisation",
                    "user",
                    "show_territory",
                    "show_labs",
                    "show_organisation",
                ], name='people_profile_listed_order'),
        ),
    ]
