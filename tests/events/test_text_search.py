"""The agenda's text index finds exactly what folding the four columns finds, after every
kind of write (labnet/events/text_search.py)."""

import pytest

from labnet.core.folding import folded_contains
from labnet.events.models import Event
from labnet.events.text_search import FIELDS, event_text_filter, with_event_text
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

SEARCHES = ["numérique", "NUMERIQUE", "ateli", "Cœur", "oe", "de", "a", "rouen", 'x"y', "e\nr"]


def _by_index(text) -> list[str]:
    events = with_event_text(Event.objects.all()).filter(event_text_filter(text))
    return sorted(events.values_list("key", flat=True))


def _by_columns(text) -> list[str]:
    events = Event.objects.filter(folded_contains(FIELDS, text))
    return sorted(events.values_list("key", flat=True))


def _assert_same():
    for text in SEARCHES:
        assert _by_index(text) == _by_columns(text), text


def test_the_index_finds_what_the_columns_hold_case_and_accents_ignored():
    EventFactory(key="num", title="Atelier NUMÉRIQUE", description="", commune="", venue="")
    EventFactory(key="coeur", title="Au cœur", description="de l'action", commune="Rouen")
    EventFactory(key="salle", title="Rencontre", description="", commune="", venue='Salle "x"y')
    EventFactory(key="rien", title="Webinaire", description="", commune="", venue="")

    assert _by_index("numerique") == ["num"]
    assert _by_index("COEUR") == ["coeur"]
    assert _by_index("ROUEN") == ["coeur"]
    # A text across two fields is not found: they are searched one by one.
    assert _by_index("cœur de") == []
    _assert_same()


def test_the_index_follows_edits_and_deletions():
    event = EventFactory(key="a", title="Atelier", description="", commune="", venue="")
    assert _by_index("numérique") == []

    event.description = "Le numérique responsable"
    event.save()
    assert _by_index("numérique") == ["a"]
    _assert_same()

    Event.objects.filter(pk=event.pk).update(commune="Évreux", description="")
    assert _by_index("numérique") == []
    assert _by_index("evreux") == ["a"]
    _assert_same()

    event.delete()
    assert _by_index("evreux") == []
