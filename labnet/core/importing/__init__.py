"""The import framework the domain apps build their file specs with.

Each app that owns a file of the network dataset declares it in `<app>/import_specs.py`:

    from labnet.core.importing import Column, FileSpec, ImportFile, Key, Text, max_len

    THINGS = FileSpec(name="things", model=Thing, key="key", columns=(...), ...)
    IMPORT_FILES = (ImportFile(THINGS),)            # or ImportFile(THINGS, loader=...)

`labnet.imports` (the importer: readers, order, transaction, report) discovers these
modules in every installed app, the way the admin discovers `admin.py`; domain apps
never import `labnet.imports`. What a spec needs is re-exported here.
"""

from .cells import (
    CELL_MAX_LENGTH,
    FREE_TEXT_MAX_LENGTH,
    Boolean,
    Choice,
    Count,
    Date,
    DepartmentCode,
    Email,
    Invalid,
    Key,
    Number,
    OptionalBoolean,
    RegionCode,
    Text,
    Timezone,
    Url,
    Year,
    check_cell,
    free_text,
    max_len,
)
from .columns import MULTI_VALUE_SEPARATOR, CleanRow, Column
from .issues import ROW_WORD_ITEM, ROW_WORD_LINE, Issue, shown
from .loaders import LoadContext, upsert
from .names import name_fingerprint
from .result import Counts, FileOutcome
from .specs import (
    CrossFileView,
    FileSpec,
    ImportFile,
    KnownKeys,
    ValidatedFile,
    source_column,
)
from .tables import Row, Table

__all__ = [
    "CELL_MAX_LENGTH",
    "FREE_TEXT_MAX_LENGTH",
    "MULTI_VALUE_SEPARATOR",
    "ROW_WORD_ITEM",
    "ROW_WORD_LINE",
    "Boolean",
    "Choice",
    "CleanRow",
    "Column",
    "Count",
    "Counts",
    "CrossFileView",
    "Date",
    "DepartmentCode",
    "Email",
    "FileOutcome",
    "FileSpec",
    "ImportFile",
    "Invalid",
    "Issue",
    "Key",
    "KnownKeys",
    "LoadContext",
    "Number",
    "OptionalBoolean",
    "RegionCode",
    "Row",
    "Table",
    "Text",
    "Timezone",
    "Url",
    "ValidatedFile",
    "Year",
    "check_cell",
    "free_text",
    "max_len",
    "name_fingerprint",
    "shown",
    "source_column",
    "upsert",
]
