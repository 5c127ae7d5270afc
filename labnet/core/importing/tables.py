"""The shape every reader gives a file: a `Table` of `Row`s of stripped text cells.

Cells are strings, or lists of strings where JSON gave an array (multi-valued). Each
row keeps the number a person would use to find it: the spreadsheet line for CSV and
XLSX (header = line 1), the 1-based position in the array for JSON.
"""

from dataclasses import dataclass

from .issues import ROW_WORD_LINE


class Nested(str):
    """A JSON array holding objects (or arrays), kept as its JSON text.

    Only a column whose parser reads structures (`parse.nested`, e.g. the axes of
    roadmaps.json) accepts one; any other column reports it as an unsupported value.
    """


@dataclass
class Row:
    number: int
    cells: dict[str, str | list[str]]


@dataclass
class Table:
    """One file (or one sheet) of the dataset, named after the spec it feeds.

    `detected` says how a CSV file was read (encoding and separator), for the report.
    """

    name: str
    label: str
    columns: list[str]
    rows: list[Row]
    row_word: str = ROW_WORD_LINE
    detected: str = ""
