"""Which files the importer knows, how each is written, and in which order.

Each domain app owns its files: it declares them in `<app>/import_specs.py` as

    IMPORT_FILES = (ImportFile(CAMPAIGNS, loader=load_campaigns), ImportFile(EVENTS))

and `autodiscover()` (run from `ImportsConfig.ready()`, like the admin's) collects the
modules of every installed app, in INSTALLED_APPS order. Domain apps therefore never
import `labnet.imports`. Files of the dataset no app declares yet are deferred: known,
listed in the report as kept for a later module, never read.

Order is derived, not declared: a file is written after every file its references
point to (`FileSpec.depends_on`), discovery order breaking ties. So a new file slots
into the right place without anyone editing a list.
"""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

from labnet.core.importing import FileSpec, ImportFile
from labnet.core.importing.loaders import Loader, upsert

SPECS_MODULE = "import_specs"

# Files of the dataset (data/network/) that no module loads yet; a file leaves this
# list as soon as an app declares it.
DATASET_FILES = (
    "roadmaps",
    "campaigns",
    "events",
    "programmes",
    "cohorts",
    "funding_sources",
    "envelopes",
    "allocations",
    "indicators",
    "figures",
)


@dataclass(frozen=True)
class Entry:
    spec: FileSpec
    loader: Loader


class Registry:
    def __init__(self):
        self._entries: dict[str, Entry] = {}
        self._deferred: list[str] = []

    def register(self, spec: FileSpec, loader: Loader | None = None) -> None:
        if spec.name in self._entries:
            raise ImproperlyConfigured(f"Import file {spec.name!r} is already registered.")
        self._entries[spec.name] = Entry(spec, loader or upsert)
        if spec.name in self._deferred:
            self._deferred.remove(spec.name)

    def register_files(self, files) -> None:
        """Register an app's `IMPORT_FILES`; a file registered already is left alone."""
        for item in files:
            if not isinstance(item, ImportFile):
                raise ImproperlyConfigured(
                    f"IMPORT_FILES holds ImportFile values, not {type(item).__name__}."
                )
            if item.spec.name not in self._entries:
                self.register(item.spec, loader=item.loader)

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

    def specs(self) -> list[FileSpec]:
        return [entry.spec for entry in self.entries()]

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


def autodiscover(target: Registry) -> Registry:
    """Register the `IMPORT_FILES` of every installed app's `import_specs` module."""
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, SPECS_MODULE):
            module = import_module(f"{config.name}.{SPECS_MODULE}")
            target.register_files(getattr(module, "IMPORT_FILES", ()))
    return target


def build_network_registry() -> Registry:
    """The dataset's files as the installed apps declare them (a fresh registry)."""
    network = Registry()
    network.defer(*DATASET_FILES)
    return autodiscover(network)


# The importer's registry, filled by ImportsConfig.ready(). `registry.register(...)`
# from an app's ready() (the older way) still works, but makes the app import
# labnet.imports: declare IMPORT_FILES instead.
registry = Registry()
registry.defer(*DATASET_FILES)
