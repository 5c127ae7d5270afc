"""Text filters that ignore case and accents on both databases.

`name__folded__contains=fold(query)` compares the folded column with the folded query:
"ile-de-france" finds "Île-de-France", "ECONOMIE" finds "Économie". PostgreSQL folds with
`lower(unaccent(...))` (the `unaccent` extension the search already installs); SQLite with
a function registered on each connection that folds the same way in Python.
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import CharField, Q, TextField, Transform

# Ligatures Unicode does not decompose; PostgreSQL's unaccent maps them the same way.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


def fold(text: str | None) -> str:
    """Lower case, no accents, ligatures spelt out."""
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text).translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class Folded(Transform):
    lookup_name = "folded"

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.lhs)
        return f"labnet_fold({sql})", params

    def as_postgresql(self, compiler, connection):
        sql, params = compiler.compile(self.lhs)
        return f"lower(unaccent({sql}))", params


CharField.register_lookup(Folded)
TextField.register_lookup(Folded)


def folded_contains(fields: list[str], text: str) -> Q:
    """Rows where any of `fields` contains `text`, ignoring case and accents."""
    needle = fold(text).strip()
    query = Q()
    for field in fields:
        query |= Q(**{f"{field}__folded__contains": needle})
    return query


def _register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("labnet_fold", 1, fold, deterministic=True)


connection_created.connect(_register_sqlite_function)
