"""A later module makes a file importable by registering it; order follows references."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from labnet.core.models import Source
from labnet.imports.registry import Registry, build_network_registry
from labnet.imports.specs import LABS, Column, FileSpec, Key, Text


def spec(name, *refs):
    return FileSpec(
        name=name,
        model=Source,
        key="key",
        unknown_reference="« {value} » inconnu.",
        columns=(
            Column("key", Key(64), required=True),
            Column("title", Text(300)),
            *(Column(f"{ref}_key", Key(64), ref=ref) for ref in refs),
        ),
    )


def test_the_network_files_load_in_dependency_order():
    registry = build_network_registry()

    assert [e.spec.name for e in registry.entries()] == [
        "sources",
        "regions",
        "departments",
        "themes",
        "organisations",
        "labs",
        "projects",
    ]
    assert registry.deferred == [
        "campaigns",
        "events",
        "programmes",
        "cohorts",
        "funding_sources",
        "envelopes",
        "allocations",
        "figures",
    ]


def test_a_later_module_registers_a_deferred_file():
    # Registered before the files it references: order still puts it after them.
    registry = Registry()
    registry.defer("events")
    registry.register(spec("events", "labs", "campaigns"))
    registry.register(spec("campaigns"))
    registry.register(LABS)

    assert [e.spec.name for e in registry.entries()] == ["campaigns", "labs", "events"]
    assert registry.deferred == []
    assert registry.loadable == ["events", "campaigns", "labs"]


def test_registering_twice_or_in_a_loop_is_a_programming_error():
    registry = Registry()
    registry.register(spec("a", "b"))
    registry.register(spec("b", "a"))

    with pytest.raises(ImproperlyConfigured):
        registry.register(spec("a"))
    with pytest.raises(ImproperlyConfigured, match="loop: a, b"):
        registry.entries()
