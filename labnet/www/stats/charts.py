"""What a `@gouvfr/dsfr-chart` element is given: its attributes as JSON (numbers never
localised), read from the same table the page shows beside it."""

import json
from decimal import Decimal

from labnet.stats.tables import FigureTable


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


# The component cuts long axis labels at the chart's edge; the table beside it carries the
# full names, so the chart shows a shortened one.
LABEL_LENGTH = 32


def short_label(text: str) -> str:
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1].rstrip() + "…"


def chart_attributes(table: FigureTable) -> dict:
    labels = [short_label(str(row[0])) for row in table.shown_rows]
    columns = table.chart_columns
    series = [[_number(v) for v in table.shown_values(c.key)] for c in columns]
    if table.chart == "pie":
        # A pie draws one series: its slices are named after the rows.
        return {
            "tag": "pie-chart",
            "x": json.dumps([labels], ensure_ascii=False),
            "y": json.dumps(series[:1]),
            "name": json.dumps(labels, ensure_ascii=False),
        }
    return {
        "tag": "bar-chart",
        "x": json.dumps([labels], ensure_ascii=False),
        "y": json.dumps(series),
        "name": json.dumps([str(c.label) for c in columns], ensure_ascii=False),
        # Long lists read better as horizontal bars (the component takes any value of the
        # attribute as true: it is left out for vertical bars).
        "horizontal": len(labels) > 6,
    }
