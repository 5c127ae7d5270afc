"""The cells of CSV exports: text a spreadsheet would evaluate stays text."""

import pytest

from labnet.core.csv_safety import spreadsheet_row, spreadsheet_safe


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23 45 67 89", "'+33 1 23 45 67 89"),
        ("-2", "'-2"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Anne-Marie", "Anne-Marie"),
        ("anne@exemple.fr", "anne@exemple.fr"),
        ("", ""),
    ],
)
def test_text_starting_like_a_formula_gets_a_quote(value, written):
    assert spreadsheet_safe(value) == written


def test_numbers_and_none_are_left_as_they_are():
    assert spreadsheet_row([-3, 1.5, None, "=A1"]) == [-3, 1.5, None, "'=A1"]
