"""The library's text search index (labnet/core/text_index.py, docs/adr/0060): the folded
title and summary of every resource, kept by the database (FTS5 trigram table and triggers
on SQLite, a generated column with a trigram index on PostgreSQL), filled for the rows
already there."""

from django.db import migrations

from labnet.core.text_index import TextIndex


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0002_text_max_lengths"),
    ]

    operations = [
        TextIndex("resources_resource", ("title", "summary")).migration(),
    ]
