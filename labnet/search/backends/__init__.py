"""The database-specific half of search, one module per vendor with the same functions:

- `write(rows, *, fresh=False)`: store and index `rows` of (project_id, title, text) in
  ProjectSearchDocument and the index, replacing what was there for those projects
  (`fresh`: none of them is indexed yet, as during a rebuild);
- `rebuild_start()` / `rebuild_finish()`: around a full rebuild that writes every project
  again (rebuild_start empties the index);
- `rank(text, *, candidates, limit, min_documents)`: [(project_id, score)] best first;
  `candidates(column)` gives the (sql, params) of an EXISTS subquery that keeps a project
  whose id is in that SQL column (None: keep all).

Callers use labnet.search.services and labnet.search.selectors, never these modules.
"""

from importlib import import_module

from django.db import connection

# Past a dozen well-chosen terms (labnet.search.text.select_terms), more terms barely
# change the top of the list but make every query walk more of the index.
MAX_QUERY_TERMS = 12


def backend():
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise NotImplementedError(f"LabNet search supports SQLite and PostgreSQL, not {vendor}.")
    return import_module(f"{__name__}.{vendor}")
