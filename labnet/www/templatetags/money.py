"""Amounts in euros and FTE in the reader's language: `{{ amount|eur }}` gives
"12 000 000 €" under / and "€12,000,000" under /en/ (Decimal in, never a float)."""

from django import template

from labnet.funding.money import format_eur, format_fte

register = template.Library()


@register.filter
def eur(value):
    return format_eur(value)


@register.filter
def fte(value):
    return format_fte(value)
