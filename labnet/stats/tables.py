"""The shape every figure of the dashboards takes: a table (the chart draws it, the page
shows it beside the chart, the CSV file and the API give it as it is).

Values stay numbers (int, Decimal) until the very edge: pages format them in the
reader's language, CSV and JSON write them as plain numbers ("1234.5", never "1 234,5").
"""

from dataclasses import dataclass, field
from decimal import Decimal

# What a column holds: how pages format it, and whether a chart can draw it.
TEXT, COUNT, EUR, FTE, HOURS, PERCENT = "text", "count", "eur", "fte", "hours", "percent"
NUMERIC = (COUNT, EUR, FTE, HOURS, PERCENT)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str = COUNT


@dataclass(frozen=True)
class FigureTable:
    """Rows of values under `columns`; the first column names the row (text).

    `chart` is "bar", "pie" or "" (a table only); `charted` names the numeric columns the
    chart draws (all numeric ones when empty). `internal`: shown only to a reader who sees
    more than the public (`stats.rules`). `page_rows`: pages (the table and its chart) show
    that many first rows and say how many more there are (0: all); the CSV file and the API
    give every row. A ranking over the network's labs would otherwise be a page of a
    thousand rows and as many bars, which nobody reads and every visitor pays for."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    chart: str = "bar"
    charted: tuple[str, ...] = ()
    internal: bool = False
    note: str = ""
    page_rows: int = 0

    @property
    def shown_rows(self) -> tuple[tuple, ...]:
        """The rows a page shows (the chart draws the same)."""
        return self.rows[: self.page_rows] if self.page_rows else self.rows

    @property
    def more_rows(self) -> int:
        """How many rows the page leaves to the CSV file and the API."""
        return len(self.rows) - len(self.shown_rows)

    @property
    def chart_columns(self) -> list[Column]:
        numeric = [c for c in self.columns[1:] if c.unit in NUMERIC]
        if self.charted:
            numeric = [c for c in numeric if c.key in self.charted]
        return numeric

    @property
    def has_chart(self) -> bool:
        return bool(self.chart and self.rows and self.chart_columns)

    @property
    def cells(self) -> list[list[tuple]]:
        """Each shown row as (value, unit) pairs, for pages that format a value by its
        column."""
        units = [c.unit for c in self.columns]
        return [list(zip(row, units, strict=True)) for row in self.shown_rows]

    def shown_values(self, key: str) -> list:
        """A column of the shown rows (what a chart draws)."""
        index = [c.key for c in self.columns].index(key)
        return [row[index] for row in self.shown_rows]

    def as_records(self) -> list[dict]:
        """One dict per row, keyed by column (the API's shape)."""
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class KeyFigure:
    """One headline number of a section ("12 projets"), with its unit."""

    key: str
    label: str
    value: int | Decimal | None
    unit: str = COUNT
    internal: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: tuple[KeyFigure, ...] = ()
    tables: tuple[FigureTable, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Dashboard:
    filters: object
    lab: object | None  # labs.Lab or None for the national dashboard
    internal: bool  # the reader sees more than the public (stats.rules)
    sections: list[Section] = field(default_factory=list)
    # When the precomputed figures were built (None: computed now), docs/adr/0058.
    built_at: object = None

    def table(self, key: str) -> FigureTable | None:
        for section in self.sections:
            for table in section.tables:
                if table.key == key:
                    return table
        return None


def plain_number(value) -> str:
    """A value as CSV and JSON write it: never localised, "" for not stated."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = (
            format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
        )
        return text
    return str(value)
