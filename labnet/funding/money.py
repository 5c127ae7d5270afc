"""Amounts in euros as people read them: "12 000 000 €" in French, "€12,000,000" in
English (the active language decides). Cents show only when there are some. Numbers in
JSON, CSV and SVG are never formatted this way: they stay plain decimal strings."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.formats import number_format


def format_number(value, *, decimal_pos: int | None = None) -> str:
    value = Decimal(value)
    if decimal_pos is None:
        decimal_pos = 0 if value == value.to_integral_value() else 2
    value = value.quantize(Decimal(1).scaleb(-decimal_pos), rounding=ROUND_HALF_UP)
    return number_format(value, decimal_pos=decimal_pos, use_l10n=True, force_grouping=True)


def format_eur(value) -> str:
    """An amount in euros, or "" for None (callers say "montant non indiqué" themselves)."""
    if value is None:
        return ""
    number = format_number(value)
    if (translation.get_language() or "fr").startswith("en"):
        return f"€{number}"
    return f"{number}\xa0€"


def format_fte(value) -> str:
    if value is None:
        return ""
    return format_number(Decimal(value).normalize() if value else Decimal(0))
