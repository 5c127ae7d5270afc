"""Which files the importer knows, how each is written, and in which order.

The dataset holds more files than today's modules load. Each file is either
registered (a spec to validate it and a loader to write it) or deferred (known, listed
in the report as kept for a later module, never read). A later module makes its file
importable by registering it, typically from its AppConfig.ready():

    from labnet.imports.registry import registry
    registry.register(EVENTS, loader=load_events)

Order is derived, not declared: a file is written after every file its references
point to (`FileSpec.depends_on`), registration order breaking ties. So a new file slots
into the right place without anyone editing a list.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from .loaders import Loader, load_labs, upsert
from .specs import (
    DEPARTMENTS,
    LABS,
    ORGANISATIONS,
    PROJECTS,
    REGIONS,
    SOURCES,
    THEMES,
    FileSpec,
)


@dataclass(frozen=True)
class Entry:
    spec: FileSpec
    loader: Loader


class Registry:
    def __init__(self):
        self._entries: dict[str, Entry] = {}
        self._deferred: list[str] = []

    def register(self, spec: FileSpec, loader: Loader = upsert) -> None:
        if spec.name in self._entries:
            raise ImproperlyConfigured(f"Import file {spec.name!r} is already registered.")
        self._entries[spec.name] = Entry(spec, loader)
        if spec.name in self._deferred:
            self._deferred.remove(spec.name)

    def defer(self, *names: str) -> None:
        self._deferred.extend(
            n for n in names if n not in self._entries and n not in self._deferred
        )

    @property
    def loadable(self) -> list[str]:
        return list(self._entries)

    @property
    def deferred(self) -> list[str]:
        return list(self._deferred)

    def spec(self, name: str) -> FileSpec:
        return self._entries[name].spec

    def entries(self) -> list[Entry]:
        """Entries in dependency order (references to unregistered files are ignored)."""
        pending = list(self._entries.values())
        placed: list[Entry] = []
        done: set[str] = set()
        while pending:
            for entry in pending:
                needs = entry.spec.depends_on & self._entries.keys()
                if needs <= done:
                    placed.append(entry)
                    done.add(entry.spec.name)
                    pending.remove(entry)
                    break
            else:
                names = ", ".join(e.spec.name for e in pending)
                raise ImproperlyConfigured(f"Import files reference each other in a loop: {names}")
        return placed


def build_network_registry() -> Registry:
    """The files of the network dataset, as of the first import module."""
    network = Registry()
    network.register(SOURCES)
    network.register(REGIONS)
    network.register(DEPARTMENTS)
    network.register(THEMES)
    network.register(ORGANISATIONS)
    network.register(LABS, loader=load_labs)
    network.register(PROJECTS)
    # Present in the dataset, loaded by modules still to come (roadmaps, events,
    # programmes, funding, impact).
    network.defer(
        "campaigns",
        "events",
        "programmes",
        "cohorts",
        "funding_sources",
        "envelopes",
        "allocations",
        "figures",
    )
    return network


registry = build_network_registry()
