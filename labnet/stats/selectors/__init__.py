"""The network's figures for the dashboards, the bilan and the API: one selector per
section, each taking the filters and the reader, each a fixed number of grouped queries.

    dashboard(*, user, filters, lab=None, sections=None) -> Dashboard

The figures are read through the domains' own selectors and rules (funding totals,
answer times, campaign shares, training counts, indicator progress), so a number is
computed one way wherever it shows (docs/adr/0041-picture-one-set-of-figures.md).
"""

from .dashboard import SECTION_KEYS, dashboard

__all__ = ["SECTION_KEYS", "dashboard"]
