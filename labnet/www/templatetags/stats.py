"""A dashboard's value in the reader's language, by its unit (`{{ value|stat:column.unit }}`):
"1 234" and "12,5 h" under /, "1,234" and "12.5 h" under /en/; "—" when not stated.
CSV files and the API never go through here: they write plain numbers."""

from django import template
from django.utils.formats import number_format

from labnet.funding.money import format_eur, format_fte
from labnet.stats.tables import COUNT, EUR, FTE, HOURS, PERCENT

register = template.Library()


@register.filter
def stat(value, unit=COUNT):
    if value is None:
        return "—"
    if unit == EUR:
        return format_eur(value)
    if unit == FTE:
        return format_fte(value)
    if isinstance(value, str):
        return value
    text = number_format(value, force_grouping=True)
    if unit == HOURS:
        return f"{text}\u00a0h"
    if unit == PERCENT:
        return f"{text}\u00a0%"
    return text


@register.filter
def cell(row, index):
    """The value at `index` of a table row (templates cannot index by a variable)."""
    return row[index]


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
