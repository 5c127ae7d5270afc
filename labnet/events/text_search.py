"""The agenda's text search: events whose title, description, commune or venue contain
the words typed, case and accents ignored, as `core.folding.folded_contains` finds them,
but read from the index the database keeps (`core.text_index`, created for events by
migration 0006; docs/adr/0055-events-text-search-index.md).
"""

from django.db.models import Q

from labnet.core.text_index import TextIndex

FIELDS = ["title", "description", "commune", "venue"]
EVENT_TEXT = TextIndex("events_event", tuple(FIELDS))


def event_text_filter(text: str) -> Q:
    """Events whose text holds `text` (folded): the same rows as
    `folded_contains(FIELDS, text)`."""
    return EVENT_TEXT.filter(text)


def with_event_text(queryset):
    """`queryset` able to filter on `event_text_filter`."""
    return EVENT_TEXT.queryset(queryset)
