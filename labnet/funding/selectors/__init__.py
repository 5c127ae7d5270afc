"""Reads of the network's funding, for the pages, the API and (later) the national
dashboards and open data, one module per concern:

- `allocations`: the allocations a reader may see, one allocation, its payments, a lab's
  funding, the filters' options;
- `totals`: totals grouped by source, envelope, year, region, lab or status;
- `envelopes`: the sources and their envelope tree, the envelopes the coordination manages;
- `base`: what they share (`Total`, `Totals`, `AllocationFilters`, the visible queryset).

Every function is public and takes the reader (`user`): visibility is
`rules.visible_allocations_filter` (decided allocations for everyone, a lab lead's own,
everything for the coordination).

Totals always add up: each grouping (`funding_totals(by=...)`) puts every visible
allocation in exactly one row (a "not stated" row for a missing year, region or lab), so
the rows sum to the overall total, and each total says how many amounts are unknown
rather than counting them as zero. Each function costs a fixed number of queries.
"""
