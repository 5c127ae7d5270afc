"""A file's columns: how a cell is read, and where its value goes in the model."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .cells import CELL_MAX_LENGTH, Invalid, check_cell
from .tables import Nested

MULTI_VALUE_SEPARATOR = ";"

_UNSET = object()


@dataclass(frozen=True)
class Column:
    """One column of a file and where its value goes in the model.

    `attr` is the model field written (the column name when not given). A `ref` column
    holds keys of another spec (or of its own, for parents); `lookup` is the field of
    the related model those keys are matched on.

    A column that is not `required` may be missing from the header: every row then
    reads as if its cell were empty (docs/data-format.md §3), and the report warns.
    An `optional` column is one the importer leaves alone when it is missing:
    existing records keep their value, new ones get `default` (for figures that
    LabNet's users keep up to date, like a lab's team size).

    `warn_default` marks columns whose model cannot store "unknown" (a non-null field
    with a default): an empty cell gets the model's default, and the report says so,
    because the format means "not stated" and the page will show a value.
    """

    name: str
    parse: Callable[[str], Any]
    attr: str | None = None
    required: bool = False
    optional: bool = False
    many: bool = False
    ref: str | None = None
    lookup: str = "key"
    default: Any = _UNSET
    warn_default: bool = False

    @property
    def field_name(self) -> str:
        return self.attr or self.name

    @property
    def empty_value(self):
        if self.many:
            return []
        if self.default is not _UNSET:
            return self.default
        return self.parse.empty

    @property
    def has_default(self) -> bool:
        return self.default is not _UNSET


@dataclass
class CleanRow:
    number: int
    key: str
    values: dict[str, Any]


class InvalidItems(Exception):
    def __init__(self, items: list[tuple[str, str]]):
        super().__init__(items)
        self.items = items


def _check(column: Column, raw: str) -> None:
    check_cell(
        raw,
        max_length=getattr(column.parse, "max_length", None) or CELL_MAX_LENGTH,
        multiline=bool(getattr(column.parse, "multiline", False)),
    )


def parse_cell(column: Column, raw: str | list[str]):
    if getattr(column.parse, "nested", False):
        # A structure (roadmaps' axes): the parser reads the JSON text or an empty list,
        # and checks each of its values itself.
        if raw in ("", []):
            if column.required:
                raise Invalid("valeur obligatoire manquante.")
            return column.empty_value
        return column.parse(raw)
    if isinstance(raw, Nested):
        raise Invalid(
            "valeur non prise en charge : attendu un texte, un nombre, un booléen ou une "
            "liste de textes."
        )
    if column.many:
        if isinstance(raw, str):
            # The whole cell is bounded too: a list is a few keys, not a book.
            check_cell(raw, max_length=CELL_MAX_LENGTH * 10, multiline=False)
        items = raw if isinstance(raw, list) else raw.split(MULTI_VALUE_SEPARATOR)
        parsed, problems = [], []
        for item in (i.strip() for i in items):
            if not item:
                continue
            try:
                _check(column, item)
                value = column.parse(item)
            except Invalid as exc:
                problems.append((item, exc.message))
                continue
            if value not in parsed:
                parsed.append(value)
        if problems:
            raise InvalidItems(problems)
        if column.required and not parsed:
            raise Invalid("valeur obligatoire manquante.")
        return parsed
    if isinstance(raw, list):
        raise Invalid("une seule valeur est attendue ici, pas une liste.")
    if raw == "":
        if column.required:
            raise Invalid("valeur obligatoire manquante.")
        return column.empty_value
    _check(column, raw)
    return column.parse(raw)
