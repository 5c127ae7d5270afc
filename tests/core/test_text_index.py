"""The text indexes (labnet/core/text_index.py) find exactly what folding the columns
finds, on tricky searches and after every kind of write: the library's resources and the
atlas's labs here, the agenda's events in tests/events/test_text_search.py."""

import importlib

import pytest

from labnet.core.folding import folded_contains
from labnet.events.text_search import EVENT_TEXT
from labnet.labs.filters import LabFilterSet
from labnet.labs.models import Lab
from labnet.resources.models import Resource
from labnet.resources.selectors import ResourceFilters, resource_kind_counts, resource_library
from tests.factories import LabFactory, OrganisationFactory, RegionFactory
from tests.resources.factories import ResourceFactory

# Accents and case both ways, ligatures both ways, apostrophes (straight and typographic),
# quotes, LIKE's wildcards, spaces around, texts of 0, 1 and 2 characters (no trigram: the
# SQLite index cannot answer them), a line feed (the joint between columns).
SEARCHES = [
    "numérique",
    "NUMERIQUE",
    "Numerique ",
    "œuvre",
    "OEUVRE",
    "cœur",
    "coeur",
    "Ex æquo",
    "ex aequo",
    "l'état",
    "l’État",
    "d'",
    'x"y',
    '"',
    "100 %",
    "a_b",
    "%",
    "_",
    "é",
    "e",
    "oe",
    "ae",
    "de",
    " ",
    "",
    "rouen",
    "normandie",
    "préfecture",
    "usagers\nrouen",
    "agers",
]

RESOURCES = [
    ("num", "Guide du NUMÉRIQUE", "Pour les usagers."),
    ("oeuvre", "Mise en Œuvre", "Au cœur de l'État, ex æquo."),
    ("quote", 'Modèle "x"y', "l’État typographique, 100 % des cas, a_b."),
    ("court", "É", "de"),
    ("rien", "Webinaire", "Rouen"),
]


def _resources_by_index(text) -> list[str]:
    found = resource_library(filters=ResourceFilters(q=text))
    return sorted(found.values_list("key", flat=True))


def _resources_by_columns(text) -> list[str]:
    found = Resource.objects.published().filter(folded_contains(["title", "summary"], text))
    return sorted(found.values_list("key", flat=True))


def _labs_by_index(text) -> list[str]:
    labs = LabFilterSet({"q": text}, queryset=Lab.objects.all()).qs
    return sorted(labs.values_list("key", flat=True))


def _labs_by_columns(text) -> list[str]:
    fields = ["name", "summary", "host__name", "region__name"]
    return sorted(Lab.objects.filter(folded_contains(fields, text)).values_list("key", flat=True))


def _assert_same_resources():
    for text in SEARCHES:
        assert _resources_by_index(text) == _resources_by_columns(text), repr(text)


def _assert_same_labs():
    for text in SEARCHES:
        assert _labs_by_index(text) == _labs_by_columns(text), repr(text)


@pytest.mark.django_db
def test_the_library_index_finds_what_the_columns_hold():
    for key, title, summary in RESOURCES:
        ResourceFactory(key=key, title=title, summary=summary)
    ResourceFactory(key="proposee", title="Numérique", summary="", proposed=True)

    assert _resources_by_index("numerique") == ["num"]
    assert _resources_by_index("OEUVRE") == ["oeuvre"]
    assert _resources_by_index("coeur de l'etat") == ["oeuvre"]
    assert _resources_by_index('"x"y') == ["quote"]
    assert _resources_by_index("é") == ["court", "num", "oeuvre", "quote", "rien"]
    assert _resources_by_index("de") == ["court", "num", "oeuvre", "quote"]
    # A text across the title and the summary is not found: they are searched one by one.
    assert _resources_by_index("webinaire rouen") == []
    assert _resources_by_index("usagers\nrouen") == []
    _assert_same_resources()


@pytest.mark.django_db
def test_the_library_kind_counts_come_from_the_index():
    for key, title, summary in RESOURCES:
        ResourceFactory(key=key, title=title, summary=summary)
    for text in SEARCHES:
        counts = {kind: n for kind, _, n in resource_kind_counts(filters=ResourceFilters(q=text))}
        assert sum(counts.values()) == len(_resources_by_columns(text)), repr(text)


@pytest.mark.django_db
def test_the_library_index_follows_creations_edits_and_deletions():
    resource = ResourceFactory(key="a", title="Atelier", summary="Pour tous.")
    assert _resources_by_index("numérique") == []

    resource.summary = "Le numérique responsable"
    resource.save()
    assert _resources_by_index("numérique") == ["a"]
    _assert_same_resources()

    Resource.objects.filter(pk=resource.pk).update(title="Évreux", summary="")
    assert _resources_by_index("numérique") == []
    assert _resources_by_index("evreux") == ["a"]
    _assert_same_resources()

    ResourceFactory(key="b", title="Évreux aussi", summary="")
    assert _resources_by_index("EVREUX") == ["a", "b"]

    resource.delete()
    assert _resources_by_index("evreux") == ["b"]
    _assert_same_resources()


@pytest.mark.django_db
def test_the_atlas_index_finds_what_the_columns_hold_with_host_and_region():
    normandie = RegionFactory()
    bretagne = RegionFactory(code="53", name="Bretagne")
    for n, (key, name, summary) in enumerate(RESOURCES):
        LabFactory(
            key=key,
            name=name,
            summary=summary,
            region=normandie if n % 2 else bretagne,
            host=OrganisationFactory(name="Préfecture de l'Eure" if n == 0 else "Mairie"),
        )
    LabFactory(key="sans", name="Lab sans rien", summary="", region=None, host=None)

    assert _labs_by_index("NUMERIQUE") == ["num"]
    assert _labs_by_index("normandie") == ["court", "oeuvre"]  # by the region's name
    assert _labs_by_index("prefecture de l'eure") == ["num"]  # by the host's name
    assert _labs_by_index("ŒUVRE") == ["oeuvre"]
    _assert_same_labs()


@pytest.mark.django_db
def test_the_atlas_index_follows_creations_edits_and_deletions():
    lab = LabFactory(key="a", name="Lab A", summary="")
    assert _labs_by_index("numérique") == []

    lab.summary = "Le numérique responsable"
    lab.save()
    assert _labs_by_index("numérique") == ["a"]
    _assert_same_labs()

    Lab.objects.filter(pk=lab.pk).update(name="Lab d'Évreux", summary="")
    assert _labs_by_index("numérique") == []
    assert _labs_by_index("d'evreux") == ["a"]
    _assert_same_labs()

    # A renamed host is found at once: its name is not in the index.
    lab.host.name = "Conseil départemental"
    lab.host.save()
    assert _labs_by_index("departemental") == ["a"]

    LabFactory(key="b", name="Évreux", summary="")
    assert _labs_by_index("EVREUX") == ["a", "b"]

    lab.delete()
    assert _labs_by_index("evreux") == ["b"]
    _assert_same_labs()


def test_the_agenda_index_is_the_one_the_generic_index_writes():
    """Events' migration 0006 wrote the index out by hand before `TextIndex` existed: the
    SQL is the same, so the agenda, the library and the atlas search one way."""
    migration = importlib.import_module("labnet.events.migrations.0006_event_text_search")

    def words(statements):
        return [" ".join(s.split()) for s in statements]

    assert words(EVENT_TEXT.sqlite_create()) == words(migration.SQLITE_CREATE)
    assert words(EVENT_TEXT.sqlite_drop()) == words(migration.SQLITE_DROP)
    assert words(EVENT_TEXT.postgresql_drop()) == words(migration.POSTGRESQL_DROP)
    generic = [s for s in words(EVENT_TEXT.postgresql_create()) if "FUNCTION" not in s]
    by_hand = [s for s in words(migration.POSTGRESQL_CREATE) if "FUNCTION" not in s]
    assert generic == by_hand
