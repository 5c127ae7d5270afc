"""What each file of the network dataset must contain, and the checks of its rows.

A `FileSpec` lists a file's columns; each `Column` says how to read a cell (its
`parse`r, see `cells`), whether a value is required, and which other file its keys
point to (`ref`). Validation turns every row into cleaned Python values or into
`Issue`s written in French for the operator; it never stops at the first problem.

References are checked in a second step (`check_references`) once every file has been
read, because a key may be defined by another file of the import, by a later row of the
same file (a project scaled from another), or already be in the database.

The framework knows no domain: each app declares its files in `<app>/import_specs.py`
(`IMPORT_FILES`), which `labnet.imports` discovers (docs/data-format.md, "Adding a file").
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from labnet.core.models import Source

from .cells import Invalid, Key, max_len
from .columns import CleanRow, Column, InvalidItems, parse_cell
from .issues import ROW_WORD_ITEM, Issue, shown
from .names import names_of_stored_records, names_repeated_in_file
from .tables import Row, Table


@dataclass
class ValidatedFile:
    """A file after validation: the rows that passed, plus what a reference may use."""

    spec: "FileSpec"
    label: str
    row_word: str
    present: tuple[Column, ...]
    rows: list[CleanRow]
    row_count: int
    # Keys of every row whose key itself is valid, even rows with other errors: a
    # reference to them is not what is wrong, so it should not add noise to the report.
    keys: set[str]
    issues: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    detected: str = ""
    # The header has none of the format's columns: the file is reported once, as a
    # whole, and what the reader said of its rows is noise (see _header_is_usable).
    unusable: bool = False


@dataclass(frozen=True)
class FileSpec:
    name: str
    model: type[models.Model]
    key: str
    columns: tuple[Column, ...]
    # The sentence for a reference to a key this spec does not know, e.g.
    # "« 99 » n'est pas un code de région connu."
    unknown_reference: str
    # Checks across files, run once every file is read (see territories.import_specs).
    rules: tuple[Callable[["ValidatedFile", "CrossFileView"], list[Issue]], ...] = ()
    # The column that names a record ("name", "title"): a new key whose name is
    # already another record's is flagged (a re-keyed lab would otherwise be doubled).
    name_column: str | None = None

    @property
    def depends_on(self) -> set[str]:
        return {c.ref for c in self.columns if c.ref and c.ref != self.name}

    @property
    def key_column(self) -> Column:
        return next(c for c in self.columns if c.name == self.key)

    def validate(
        self, table: Table, *, progress: Callable[[int, int], None] | None = None
    ) -> ValidatedFile:
        """Check the header, then every row; collect every problem."""
        in_header = set(table.columns)
        # A column the file lacks reads as empty, unless the importer must leave it alone.
        absent_as_empty = tuple(
            c for c in self.columns if c.name not in in_header and not c.required and not c.optional
        )
        present = tuple(c for c in self.columns if c.name in in_header or c in absent_as_empty)
        result = ValidatedFile(
            spec=self,
            label=table.label,
            row_word=table.row_word,
            present=present,
            rows=[],
            row_count=len(table.rows),
            keys=set(),
            detected=table.detected,
        )
        if not self._header_is_usable(table, result):
            return result
        self._check_header(table, result, absent_as_empty)
        first_row_of: dict[str, int] = {}
        total = len(table.rows)
        for done, row in enumerate(table.rows, start=1):
            self._validate_row(row, table, present, result, first_row_of)
            if progress is not None:
                progress(done, total)
        self._check_self_reference_loops(result)
        self._note_defaults(table, result)
        result.warnings.extend(self._names_repeated_in_file(result))
        return result

    def _header_is_usable(self, table: Table, result: ValidatedFile) -> bool:
        """A header with none of the format's columns is one problem, not one per column.

        It is what a file saved with another separator, or without its header line,
        looks like: listing every column as both missing and unknown would bury that.
        """
        known = {c.name for c in self.columns}
        if not table.columns or known & set(table.columns):
            return True
        header = shown(table.columns[0] if len(table.columns) == 1 else ", ".join(table.columns))
        if table.row_word == ROW_WORD_ITEM:
            message = (
                "aucun des champs des objets n'est un champ du format (champs attendus : "
                f"{', '.join(sorted(known))})."
            )
        else:
            message = (
                f"l'en-tête (« {header} ») ne contient aucune colonne du format : la ligne 1 "
                "doit nommer les colonnes (colonnes attendues : "
                f"{', '.join(c.name for c in self.columns)})."
            )
        result.present = ()
        result.unusable = True
        result.issues.append(
            Issue(
                table.label,
                None if table.row_word == ROW_WORD_ITEM else 1,
                "",
                "",
                message,
                table.row_word,
            )
        )
        return False

    def _check_header(
        self, table: Table, result: ValidatedFile, absent_as_empty: tuple[Column, ...]
    ) -> None:
        # JSON has no header line: a missing field is a problem of the file as a whole.
        header_row = None if table.row_word == ROW_WORD_ITEM else 1
        missing = [c.name for c in self.columns if c.required and c.name not in table.columns]
        if len(missing) == 1:
            message = (
                "colonne obligatoire absente de l'en-tête."
                if header_row
                else "champ obligatoire absent de tous les objets."
            )
            result.issues.append(
                Issue(table.label, header_row, missing[0], "", message, table.row_word)
            )
        elif missing:
            message = (
                "colonnes obligatoires absentes de l'en-tête : "
                if header_row
                else "champs obligatoires absents de tous les objets : "
            )
            result.issues.append(
                Issue(
                    table.label,
                    header_row,
                    "",
                    "",
                    message + ", ".join(missing) + ".",
                    table.row_word,
                )
            )
        # An unknown column is refused, not skipped: it is usually a misspelt one
        # ("regoin_code") whose values would otherwise vanish without a word.
        known = {c.name for c in self.columns}
        for name in table.columns:
            if name not in known:
                result.issues.append(
                    Issue(
                        table.label,
                        header_row,
                        name,
                        "",
                        "colonne inconnue du format (colonnes attendues : "
                        f"{', '.join(c.name for c in self.columns)}).",
                        table.row_word,
                    )
                )
        if absent_as_empty:
            names = ", ".join(c.name for c in absent_as_empty)
            plural = len(absent_as_empty) > 1
            what = (
                ("colonnes facultatives absentes", "lues")
                if plural
                else ("colonne facultative absente", "lue")
            )
            result.warnings.append(
                Issue(
                    table.label,
                    header_row,
                    names,
                    "",
                    f"{what[0]} de l'en-tête, {what[1]} comme vide{'s' if plural else ''} à "
                    "chaque ligne (valeur non indiquée).",
                    table.row_word,
                )
            )

    def _note_defaults(self, table: Table, result: ValidatedFile) -> None:
        for column in result.present:
            if not column.warn_default:
                continue
            rows = [r.number for r in table.rows if r.cells.get(column.name, "") in ("", [])]
            if not rows:
                continue
            listed = ", ".join(str(n) for n in rows[:10]) + (", …" if len(rows) > 10 else "")
            word = table.row_word + ("s" if len(rows) > 1 else "")
            result.warnings.append(
                Issue(
                    table.label,
                    None,
                    column.name,
                    "",
                    f"valeur non indiquée ({word} {listed}) : la base enregistre la valeur par "
                    f"défaut « {_as_text(column.empty_value)} », faute de pouvoir noter "
                    "« inconnu ».",
                    table.row_word,
                )
            )

    def _validate_row(
        self,
        row: Row,
        table: Table,
        present: tuple[Column, ...],
        result: ValidatedFile,
        first_row_of: dict[str, int],
    ) -> None:
        values: dict[str, Any] = {}
        errors = []
        for column in present:
            raw = row.cells.get(column.name, "")
            try:
                values[column.name] = parse_cell(column, raw)
            except Invalid as exc:
                errors.append((column.name, shown(raw), exc.message))
            except InvalidItems as exc:
                errors.extend((column.name, shown(item), message) for item, message in exc.items)
        key = values.get(self.key)
        if key:
            if key in first_row_of:
                errors.append(
                    (
                        self.key,
                        key,
                        f"la clé « {key} » est déjà utilisée {table.row_word} "
                        f"{first_row_of[key]} de ce fichier.",
                    )
                )
            else:
                first_row_of[key] = row.number
                result.keys.add(key)
            for column in present:
                if column.ref == self.name and values.get(column.name) == key:
                    errors.append(
                        (column.name, key, "un enregistrement ne peut pas se désigner lui-même.")
                    )
        result.issues.extend(
            Issue(table.label, row.number, name, value, message, table.row_word)
            for name, value, message in errors
        )
        if not errors:
            result.rows.append(CleanRow(row.number, key, values))

    def _check_self_reference_loops(self, result: ValidatedFile) -> None:
        """Refuse parent chains that loop (a -> b -> a): no record would be the root."""
        for column in result.present:
            if column.ref != self.name or column.many:
                continue
            parent = {r.key: r.values[column.name] for r in result.rows if r.values[column.name]}
            row_of = {r.key: r.number for r in result.rows}
            reported: set[str] = set()
            for start in parent:
                chain, node = [], start
                while node in parent and node not in chain:
                    chain.append(node)
                    node = parent[node]
                if node != start or start in reported:
                    continue
                reported.update(chain)
                loop = " → ".join([*chain, start])
                result.issues.append(
                    Issue(
                        result.label,
                        row_of[start],
                        column.name,
                        parent[start],
                        f"ces rattachements forment une boucle : {loop}.",
                        result.row_word,
                    )
                )
                bad = set(chain)
                result.rows = [r for r in result.rows if r.key not in bad]

    def _names_repeated_in_file(self, result: ValidatedFile) -> list[Issue]:
        return names_repeated_in_file(self, result)

    def name_warnings(self, validated: ValidatedFile) -> list[Issue]:
        """New keys whose name is an existing record's (one query for the whole file)."""
        return names_of_stored_records(self, validated)

    def check_references(
        self, validated: ValidatedFile, known: dict[str, "KnownKeys"]
    ) -> list[Issue]:
        """Every key a row points to must exist in the import's files or in the database."""
        issues = []
        for column in validated.present:
            if column.ref is None:
                continue
            target_keys, message = known[column.ref].keys, known[column.ref].message
            if target_keys is None:
                continue
            for row in validated.rows:
                value = row.values[column.name]
                for key in value if column.many else [value]:
                    if key and key not in target_keys:
                        issues.append(
                            Issue(
                                validated.label,
                                row.number,
                                column.name,
                                key,
                                message.format(value=key),
                                validated.row_word,
                            )
                        )
        return issues


def _as_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class KnownKeys:
    """The keys a reference may point to (import files + database) and how to say one is not.

    `keys` is None when the file defining them is broken (unreadable, no key column):
    the report then names that file once instead of every reference to it.
    """

    keys: set[str] | None
    message: str


class CrossFileView:
    """What rules across files may read: this import's files, and lookups they share.

    Built once per import. `memo(name, compute)` computes a lookup once per import
    (one query whatever the number of rows), whichever rule asks first.
    """

    def __init__(self, validated: dict[str, ValidatedFile]):
        self.validated = validated
        self._memo: dict[str, Any] = {}

    def memo(self, name: str, compute: Callable[["CrossFileView"], Any]) -> Any:
        if name not in self._memo:
            self._memo[name] = compute(self)
        return self._memo[name]


Loader = Callable[[ValidatedFile, Any], Any]


@dataclass(frozen=True)
class ImportFile:
    """One importable file, as an app declares it in `IMPORT_FILES` of its import_specs.

    `loader` writes the validated rows (default: the generic upsert by key).
    """

    spec: FileSpec
    loader: Loader | None = None


def source_column() -> Column:
    # Every fact names the document it comes from (data-format.md §9.1).
    return Column("source", Key(max_len(Source, "key")), required=True, ref="sources")
