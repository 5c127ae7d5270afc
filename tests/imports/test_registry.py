"""Apps declare their files in import_specs.IMPORT_FILES; order follows references."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from labnet.core.importing import Column, FileSpec, Key, Text, upsert
from labnet.core.models import Source
from labnet.imports.registry import Registry, build_network_registry
from labnet.labs.import_specs import LABS


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

    # Discovered from each app's import_specs, in INSTALLED_APPS order, each file
    # after the files it references.
    names = [e.spec.name for e in registry.entries()]
    assert names[:7] == [
        "sources",
        "regions",
        "departments",
        "organisations",
        "themes",
        "labs",
        "projects",
    ]
    assert set(names[7:]) >= {
        "skills",
        "campaigns",
        "events",
        "programmes",
        "cohorts",
        "indicators",
        "roadmaps",
    }
    assert names.index("campaigns") < names.index("events")
    assert names.index("programmes") < names.index("cohorts")
    assert names.index("projects") < names.index("indicators")
    assert "campaigns" not in registry.deferred
    assert "roadmaps" not in registry.deferred and "indicators" not in registry.deferred
    assert registry.deferred == []  # every file of the dataset has its module


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


def test_files_are_discovered_from_each_apps_import_specs():
    from labnet.core.importing import ImportFile
    from labnet.events import import_specs as events
    from labnet.imports.registry import registry as installed

    # The events app declares its files; it never registers them itself.
    assert [f.spec.name for f in events.IMPORT_FILES] == ["campaigns", "events"]
    assert installed.spec("events") is events.EVENTS
    assert [e.loader for e in installed.entries() if e.spec.name == "events"] == [
        events.load_events
    ]
    # A file without a loader gets the generic upsert.
    fresh = Registry()
    fresh.register_files([ImportFile(spec("things"))])
    assert fresh.entries()[0].loader is upsert
    with pytest.raises(ImproperlyConfigured, match="IMPORT_FILES holds ImportFile values"):
        fresh.register_files([spec("other")])


def test_domain_apps_never_import_the_importer():
    """Domain apps declare IMPORT_FILES with labnet.core.importing; labnet.imports sits
    above them all (an import-linter contract says the same)."""
    root = Path(__file__).resolve().parents[2] / "labnet"
    offenders = []
    for path in sorted(root.glob("*/**/*.py")):
        app = path.relative_to(root).parts[0]
        if app in {"imports", "www", "api"} or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(root)}: {name}"
                for name in names
                if name == "labnet.imports" or name.startswith("labnet.imports.")
            ]
    assert offenders == []


def test_modules_written_the_older_way_still_run():
    """The deprecated paths re-export the new ones, so a module not yet migrated works
    (docs/data-format.md, "Migrating a module written the older way")."""
    from labnet.core import importing
    from labnet.imports import loaders, result, specs
    from labnet.labs.import_specs import themes_column
    from labnet.territories.import_specs import region_column

    assert specs.Column is importing.Column
    assert specs.FileSpec is importing.FileSpec
    assert specs.region_column is region_column
    assert specs.themes_column is themes_column
    assert loaders.upsert is importing.upsert
    assert result.Counts is importing.Counts
    legacy = Registry()
    legacy.register(spec("things", "labs"))
    assert legacy.entries()[0].loader is upsert
