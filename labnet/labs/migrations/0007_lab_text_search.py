"""The atlas's text search index (labnet/core/text_index.py, docs/adr/0060): the folded
name and summary of every lab, kept by the database (FTS5 trigram table and triggers on
SQLite, a generated column with a trigram index on PostgreSQL), filled for the rows already
there. The host's and the region's names, in small tables, are still folded row by row."""

from django.db import migrations

from labnet.core.text_index import TextIndex


class Migration(migrations.Migration):
    dependencies = [
        ("labs", "0006_text_max_lengths"),
    ]

    operations = [
        TextIndex("labs_lab", ("name", "summary")).migration(),
    ]
