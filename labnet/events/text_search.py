"""The agenda's text search: events whose title, description, commune or venue contain
the words typed, case and accents ignored, as `core.folding.folded_contains` finds them,
but read from an index instead of folding four columns of every event
(docs/adr/0055-events-text-search-index.md).

The index is kept by the database itself, so that it is exact after every write (a
service, the admin, an import, a bulk load):
- SQLite: an FTS5 table `events_event_text` with the trigram tokenizer (rowid = event id)
  holding the folded text, filled by triggers on `events_event` (migration 0006). A
  phrase query of trigrams is a substring test; it needs three characters at least.
- PostgreSQL: a generated column `events_event.search_text` (not a model field), the
  result of an immutable SQL function folding as `Folded` does (`lower(unaccent(...))`),
  with a trigram GIN index (pg_trgm); `LIKE '%...%'` on it uses the index or compares
  the stored text, whichever the planner finds cheaper.

The four fields are joined by a line feed, so a search text holding one (never typed in
a search box) falls back to the column-by-column filter, as does a text too short for
trigrams on SQLite: the result is the same either way.
"""

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from labnet.core.folding import fold, folded_contains

from .db_columns import search_text

FIELDS = ["title", "description", "commune", "venue"]
SEPARATOR = "\n"
TRIGRAM = 3


def event_text_filter(text: str) -> Q:
    """Events whose text holds `text` (folded): the same rows as
    `folded_contains(FIELDS, text)`."""
    needle = fold(text).strip()
    if SEPARATOR in needle:
        return folded_contains(FIELDS, text)
    if connection.vendor == "postgresql":
        return Q(search_text__contains=needle)
    if connection.vendor == "sqlite" and len(needle) >= TRIGRAM:
        phrase = '"' + needle.replace('"', '""') + '"'
        # The phrase is a bound parameter, never spliced into the SQL.
        matching = RawSQL(
            "SELECT rowid FROM events_event_text WHERE events_event_text MATCH %s",
            (phrase,),
        )
        return Q(pk__in=matching)
    return folded_contains(FIELDS, text)


def with_event_text(queryset):
    """`queryset` able to filter on `event_text_filter` (PostgreSQL reads the indexed
    expression under the name `search_text`)."""
    if connection.vendor == "postgresql":
        return queryset.alias(search_text=search_text())
    return queryset
