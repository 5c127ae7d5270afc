"""Deprecated location, kept so that modules written before the split still run.

The spec framework lives in `labnet.core.importing`; each file's spec in its app's
`import_specs.py`. Replace, in an app's import_specs.py:

    from labnet.imports.specs import Column, FileSpec, region_column, themes_column
    def register(): registry.register(THINGS, loader=load_things)   # from ready()

with

    from labnet.core.importing import Column, FileSpec, ImportFile
    from labnet.territories.import_specs import region_column
    from labnet.labs.import_specs import themes_column
    IMPORT_FILES = (ImportFile(THINGS, loader=load_things),)

and drop the call from `AppConfig.ready()` (docs/data-format.md, "Adding a file").
"""

from labnet.core import importing as framework
from labnet.core.import_specs import SOURCES
from labnet.core.importing import *  # noqa: F403
from labnet.labs.import_specs import LABS, NETWORK_NAMES, THEMES, themes_column
from labnet.organisations.import_specs import ORGANISATIONS
from labnet.projects.import_specs import PROJECTS
from labnet.territories.import_specs import (
    DEPARTMENTS,
    REGIONS,
    departments_column,
    departments_in_region,
    region_column,
)

__all__ = [
    *framework.__all__,
    "DEPARTMENTS",
    "LABS",
    "NETWORK_NAMES",
    "ORGANISATIONS",
    "PROJECTS",
    "REGIONS",
    "SOURCES",
    "THEMES",
    "departments_column",
    "departments_in_region",
    "region_column",
    "themes_column",
]
