"""Columns of `events_event` that the database keeps and Django never writes.

They are not model fields on purpose: a model field is written back by every `save()`,
which would overwrite what the database computed with what the instance read earlier.
Read them with `core.text_index.StoredColumn`, which names the column under the alias
the query gives the events table (a subquery renames its tables).

- `search_text` (PostgreSQL only): the folded text the agenda searches, a generated
  column (migration 0006, `text_search.py`), read through `core.text_index`.
- `confirmed_count`: the event's confirmed registrations (its places taken), kept by
  triggers on `events_registration` in the transaction of each write (migration 0007),
  so that a list of events or a campaign's figures read a number instead of counting
  registrations (docs/adr/0055-events-text-search-index.md).
"""

from django.db.models import IntegerField

from labnet.core.text_index import StoredColumn


def confirmed_count() -> StoredColumn:
    return StoredColumn("confirmed_count", IntegerField())
