"""Turn the dataset's files (CSV, JSON or one XLSX workbook) into rows of text cells.

Readers know nothing of labs or projects: they give every format the same shape (a
`Table` of `Row`s whose cells are stripped strings, or lists of strings where JSON gave
an array) so the validation in `specs` is written once. Each row keeps the number a
person would use to find it: the spreadsheet line for CSV and XLSX (header = line 1,
first data row = line 2), the 1-based position in the array for JSON.

Problems are returned as `Issue`s, never raised, so one run reports all of them.
"""

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from labnet.core.importing import ROW_WORD_ITEM, ROW_WORD_LINE, Issue, Row, Table
from labnet.core.importing.tables import Nested

from .encodings import CSV_FIELD_LIMIT, SEPARATORS, csv_error_text, decode, detect_separator

TEXT_FORMATS = (".csv", ".json")
WORKBOOK_FORMAT = ".xlsx"


@dataclass
class Collection:
    """What was found at the import path, before any validation."""

    tables: dict[str, Table] = field(default_factory=dict)
    # Names whose file is there but could not be read: their keys are unknown, so
    # references to them are not checked (they would only repeat the same problem).
    unreadable: set[str] = field(default_factory=set)
    deferred: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def collect(path: Path, *, loadable: Iterable[str], deferred: Iterable[str]) -> Collection:
    """Read every file at `path` that a spec can load; list the others.

    `loadable` are the names with a loader; `deferred` are names of the dataset that a
    later module will load: they are listed, never read, so a file a later module will
    validate cannot block today's import.
    """
    loadable, deferred = set(loadable), set(deferred)
    path = Path(path)
    found = Collection()
    if not path.exists():
        found.issues.append(Issue(str(path), None, "", "", "chemin introuvable."))
    elif path.is_dir():
        _collect_directory(path, loadable, deferred, found)
    elif path.suffix.lower() == WORKBOOK_FORMAT:
        _collect_workbook(path, loadable, deferred, found)
    elif path.suffix.lower() in TEXT_FORMATS:
        name = path.stem
        if name in loadable:
            _add(found, name, _read_text_file(path, name))
        elif name in deferred:
            found.deferred.append(path.name)
        else:
            known = ", ".join(sorted(loadable | deferred))
            found.issues.append(
                Issue(
                    path.name,
                    None,
                    "",
                    "",
                    f"nom de fichier inconnu : le nom (sans extension) doit être l'un de {known}.",
                )
            )
    else:
        found.issues.append(
            Issue(
                path.name,
                None,
                "",
                "",
                "format non pris en charge : donnez un dossier, un fichier .csv ou .json, "
                "ou un classeur .xlsx.",
            )
        )
    return found


def _collect_directory(path: Path, loadable: set, deferred: set, found: Collection) -> None:
    by_name: dict[str, list[Path]] = {}
    for item in sorted(path.iterdir()):
        # Editors' lock and backup files (".~lock.labs.csv#", "~$labs.xlsx") are not data.
        if not item.is_file() or item.name.startswith((".", "~")):
            continue
        suffix = item.suffix.lower()
        if suffix in TEXT_FORMATS:
            by_name.setdefault(item.stem, []).append(item)
        elif suffix == WORKBOOK_FORMAT:
            found.ignored.append(item.name)
    for name, files in by_name.items():
        if name not in loadable and name not in deferred:
            found.ignored.extend(f.name for f in files)
            continue
        if len(files) > 1:
            if name in loadable:
                found.unreadable.add(name)
            names = " et ".join(f.name for f in files)
            found.issues.append(
                Issue(
                    " / ".join(f.name for f in files),
                    None,
                    "",
                    "",
                    f"les fichiers {names} décrivent les mêmes données : n'en gardez qu'un.",
                )
            )
            continue
        if name in loadable:
            _add(found, name, _read_text_file(files[0], name))
        else:
            found.deferred.append(files[0].name)


def _add(found: Collection, name: str, read: tuple["Table | None", list[Issue]]) -> None:
    table, issues = read
    found.issues.extend(issues)
    if table is None:
        found.unreadable.add(name)
    else:
        found.tables[name] = table


def _read_text_file(path: Path, name: str) -> tuple[Table | None, list[Issue]]:
    if path.suffix.lower() == ".csv":
        return read_csv(path, name)
    return read_json(path, name)


def read_csv(path: Path, name: str) -> tuple[Table | None, list[Issue]]:
    """Read a CSV as spreadsheet software saves it: encoding and separator are detected.

    UTF-8 (with or without the BOM Excel writes), UTF-16 with its BOM (Excel's
    "Unicode text") or Windows-1252 (Excel's plain "CSV" on Windows); comma, semicolon
    or tab. A file that cannot be read gets one message saying why.
    """
    label = path.name
    data = path.read_bytes()
    text, encoding, problem = decode(data)
    if problem:
        return None, [Issue(label, None, "", "", problem)]
    separator = detect_separator(text)
    csv.field_size_limit(CSV_FIELD_LIMIT)
    # The csv module keeps line breaks that sit inside quoted cells (CRLF or LF).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    records = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        return None, [
            Issue(
                label,
                None,
                "",
                "",
                f"CSV illisible à partir de la ligne {reader.line_num} "
                f"({csv_error_text(exc)}) : le fichier est peut-être tronqué ou n'est pas "
                "un CSV.",
            )
        ]
    table, issues = _table_from_records(name, label, records, ROW_WORD_LINE)
    if table is not None:
        table.detected = f"{encoding}, séparateur {SEPARATORS[separator]}"
    return table, issues


def read_json(path: Path, name: str) -> tuple[Table | None, list[Issue]]:
    """Read a JSON array of objects; arrays in cells are kept as lists (multi-valued)."""
    label = path.name
    try:
        with path.open(encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except UnicodeDecodeError as exc:
        return None, [
            Issue(
                label,
                None,
                "",
                "",
                f"le fichier n'est pas encodé en UTF-8 (octet invalide à la position {exc.start}).",
            )
        ]
    except json.JSONDecodeError as exc:
        return None, [
            Issue(
                label,
                None,
                "",
                "",
                f"JSON invalide (ligne {exc.lineno}, colonne {exc.colno}) : {exc.msg}.",
            )
        ]
    if not isinstance(data, list):
        return None, [
            Issue(label, None, "", "", "le fichier JSON doit contenir un tableau d'objets.")
        ]
    issues: list[Issue] = []
    columns: dict[str, None] = {}  # an ordered set: first-seen order of the field names
    rows: list[Row] = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            issues.append(
                Issue(
                    label,
                    number,
                    "",
                    _short(item),
                    "l'élément n'est pas un objet JSON.",
                    ROW_WORD_ITEM,
                )
            )
            continue
        cells: dict[str, str | list[str]] = {}
        bad = False
        for key, value in item.items():
            key = str(key).strip()
            columns.setdefault(key, None)
            try:
                cells[key] = _json_cell(value)
            except ValueError:
                issues.append(
                    Issue(
                        label,
                        number,
                        key,
                        _short(value),
                        "valeur non prise en charge : attendu un texte, un nombre, un booléen "
                        "ou une liste de textes.",
                        ROW_WORD_ITEM,
                    )
                )
                bad = True
        if not bad:
            rows.append(Row(number, cells))
    # An object without a key reads like a CSV row with an empty cell: "unknown".
    for row in rows:
        for column in columns:
            row.cells.setdefault(column, "")
    return Table(name, label, list(columns), rows, ROW_WORD_ITEM), issues


def _collect_workbook(path: Path, loadable: set, deferred: set, found: Collection) -> None:
    # openpyxl is only needed by operators who bring a workbook.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        found.issues.append(Issue(path.name, None, "", "", f"classeur XLSX illisible ({exc})."))
        return
    try:
        for sheet in workbook.worksheets:
            name = sheet.title.strip()
            label = f"{path.name} (feuille {name})"
            if name in loadable:
                records = [
                    [_workbook_cell(value) for value in values]
                    for values in sheet.iter_rows(values_only=True)
                ]
                # Cells cannot shift in a sheet, and some writers omit trailing empty
                # cells: short rows are padded rather than refused.
                _add(
                    found,
                    name,
                    _table_from_records(name, label, records, ROW_WORD_LINE, pad_short=True),
                )
            elif name in deferred:
                found.deferred.append(label)
            else:
                found.ignored.append(label)
    finally:
        workbook.close()


def _table_from_records(
    name: str, label: str, records: list[list[str]], row_word: str, *, pad_short: bool = False
) -> tuple[Table | None, list[Issue]]:
    """Shape header + data records (from CSV or a sheet) into a Table."""
    if not records or not any(cell.strip() for cell in records[0]):
        return None, [
            Issue(label, None, "", "", "le fichier est vide : la ligne 1 doit être l'en-tête.")
        ]
    records = [[_text(cell) for cell in record] for record in records]
    header = list(records[0])
    # Spreadsheets often save a few empty columns after the last one: not an error.
    while header and not header[-1]:
        header.pop()
    issues: list[Issue] = []
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        if not column:
            issues.append(Issue(label, 1, "", "", f"la colonne n° {position} n'a pas de nom."))
        elif column in seen:
            issues.append(Issue(label, 1, column, column, "colonne présente deux fois."))
        seen.add(column)
    if issues:
        return None, issues
    rows: list[Row] = []
    width = len(header)
    for number, record in enumerate(records[1:], start=2):
        cells = list(record)
        if not any(cells):
            continue  # A blank line still counts, so later numbers match the spreadsheet.
        extra = cells[width:]
        if pad_short and len(cells) < width:
            cells += [""] * (width - len(cells))
        if any(extra) or len(cells) < width:
            # A stray comma or an unquoted line break shifts every following cell:
            # reading such a row column by column would report misleading errors.
            issues.append(
                Issue(
                    label,
                    number,
                    "",
                    "",
                    f"la ligne compte {len(cells) - _trailing_empty(extra)} cellules alors que "
                    f"l'en-tête a {width} colonnes (virgule ou retour à la ligne hors "
                    "guillemets ?).",
                    row_word,
                )
            )
            continue
        rows.append(Row(number, dict(zip(header, cells, strict=False))))
    return Table(name, label, header, rows, row_word), issues


def _trailing_empty(cells: list[str]) -> int:
    count = 0
    for cell in reversed(cells):
        if cell:
            break
        count += 1
    return count


def _json_cell(value) -> str | list[str]:
    if isinstance(value, list) and any(isinstance(item, dict | list) for item in value):
        return Nested(json.dumps(value, ensure_ascii=False))
    if isinstance(value, list):
        return [_json_scalar(item) for item in value]
    return _json_scalar(value)


def _json_scalar(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, str):
        return _text(value)
    raise ValueError(value)


def _workbook_cell(value) -> str:
    """A typed spreadsheet cell as the text the CSV format would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return _number_text(value)
    return _text(str(value))


def _text(value: str) -> str:
    """A cell's text, stripped, with Windows (CRLF) and old Mac (CR) line breaks as LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _number_text(value: float) -> str:
    # Spreadsheets store every number as a float: 2021 arrives as 2021.0.
    return str(int(value)) if value.is_integer() else repr(value)


def _short(value, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 1] + "…"
