"""Funding by source, envelope, status and year: `funding.selectors.funding_totals`, asked
for the reader the dashboard's rules allow (the public's decided allocations; planned ones
only where the reader sees more, and then as the funding rules let them)."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from labnet.funding.selectors.base import AllocationFilters
from labnet.funding.selectors.totals import funding_totals_by

from ..tables import COUNT, EUR, FTE, TEXT, Column, FigureTable, KeyFigure, Section
from .scope import Scope

GROUPS = (
    ("source", "funding-source"),
    ("envelope", "funding-envelope"),
    ("status", "funding-status"),
    ("year", "funding-year"),
)


def _titles() -> dict[str, tuple[str, str]]:
    return {
        "source": (_("Financements par source"), _("Source")),
        "envelope": (_("Financements par enveloppe"), _("Enveloppe")),
        "status": (_("Financements par statut"), _("Statut")),
        "year": (_("Financements par année"), _("Année")),
    }


def funding_section(scope: Scope) -> Section:
    filters = AllocationFilters(
        year=scope.filters.year,
        region=scope.filters.region,
        lab=scope.lab.key if scope.lab is not None else "",
    )
    titles = _titles()
    tables, overall = [], None
    every = funding_totals_by(
        user=scope.reader, bys=tuple(by for by, _k in GROUPS), filters=filters
    )
    for by, key in GROUPS:
        totals = every[by]
        overall = totals.overall
        title, first = titles[by]
        tables.append(
            FigureTable(
                key,
                title,
                (
                    Column(by, first, TEXT),
                    Column("allocations", _("Attributions"), COUNT),
                    Column("amount_eur", _("Montants connus (€)"), EUR),
                    Column("unknown_amounts", _("Montants non indiqués"), COUNT),
                    Column("fte", _("Soutien (ETP)"), FTE),
                ),
                tuple(
                    (
                        capfirst(str(row.label)),
                        row.total.count,
                        row.total.amount_eur,
                        row.total.unknown_amounts,
                        row.total.fte,
                    )
                    for row in totals.rows
                ),
                chart="pie" if by == "status" else "bar",
                # Euros when some are known; otherwise the number of allocations (a chart
                # of zeros would say "nothing" where the documents say "not stated").
                charted=("amount_eur",) if totals.overall.amount_eur else ("allocations",),
            )
        )
    label = (
        _("attributions que vous pouvez voir, tous statuts")
        if scope.internal
        else _("attributions décidées (engagées ou versées)")
    )
    return Section(
        "funding",
        _("Financements"),
        figures=(
            KeyFigure("allocations", label, overall.count),
            KeyFigure("amount_eur", _("de montants connus"), overall.amount_eur, EUR),
            KeyFigure("unknown_amounts", _("montants non indiqués"), overall.unknown_amounts),
        ),
        tables=tuple(tables),
        note=_(
            "Un montant que les documents n'indiquent pas n'est jamais compté comme zéro : "
            "chaque total dit combien il en manque."
        ),
    )
