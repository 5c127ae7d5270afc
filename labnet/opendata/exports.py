"""A dataset as a CSV or JSON stream and its Table Schema descriptor.

Rows are written as they come from the database, a chunk at a time: the export of 100,000
projects holds one chunk in memory, not the file. CSV cells go through `spreadsheet_safe`
(text someone typed must not run as a formula in a spreadsheet).
"""

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

from labnet.core.csv_safety import spreadsheet_safe

from .datasets import Dataset

LICENSE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return _decimal_text(value)
    return spreadsheet_safe(value)


def _decimal_text(value: Decimal) -> str:
    """A Decimal as plain digits with a point ("12000000.00", never "1.2E+7")."""
    return format(value, "f")


def csv_stream(dataset: Dataset) -> Iterator[str]:
    """The header line, then one line per row (UTF-8, comma, RFC 4180 quoting)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(dataset.column_names)
    yield flush()
    for row in dataset.rows():
        writer.writerow([_cell(row[name]) for name in dataset.column_names])
        yield flush()


def _json_value(value) -> str:
    """One value as JSON text; a Decimal is written as the exact number it is (money is
    never turned into a binary float on its way out)."""
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, datetime | date):
        value = value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def _json_object(row: dict, names: list[str]) -> str:
    members = (f"{json.dumps(name)}: {_json_value(row[name])}" for name in names)
    return "{" + ", ".join(members) + "}"


def json_stream(dataset: Dataset) -> Iterator[str]:
    """A JSON array of objects, written one object at a time."""
    yield "["
    first = True
    for row in dataset.rows():
        yield ("" if first else ",") + "\n" + _json_object(row, dataset.column_names)
        first = False
    yield "\n]\n"


def table_schema(dataset: Dataset) -> dict:
    """The Table Schema of the dataset's CSV (its columns' names, types and constraints)."""
    return {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "name": dataset.key,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "licenses": [LICENSE],
        "fields": [column.descriptor() for column in dataset.columns],
        "missingValues": [""],
    }
