"""Cells of a CSV file that a spreadsheet opens: text must stay text.

A spreadsheet evaluates a cell that starts with = + - @ (and, after a tab or a carriage
return, the same) as a formula: a name typed as `=HYPERLINK(...)` in a public form would
run in the organiser's spreadsheet (CSV injection). Every export of text someone else
typed writes its cells through `spreadsheet_safe`.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """The value, with a leading single quote when it is text a spreadsheet would evaluate.

    Numbers, dates and None are returned as they are (a number is never a formula).
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def spreadsheet_row(values) -> list:
    return [spreadsheet_safe(value) for value in values]
