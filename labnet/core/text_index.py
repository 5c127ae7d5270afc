"""Text searches read from an index the database keeps, with the rows `folded_contains`
finds: rows where one of the columns *contains* the typed text, case and accents ignored
(docs/adr/0055-events-text-search-index.md, docs/adr/0060-one-text-index-for-text-searches.md).

One `TextIndex` per table names the columns searched; it writes the migration's SQL and
builds the filter, so that the agenda, the library and the atlas search one way:

- SQLite: an FTS5 table `<table>_text` (tokenizer `trigram`, rowid = the row's id) holding
  the folded text of the columns joined by line feeds, filled by triggers on the table
  (insert, update of those columns, delete) that call `labnet_fold`, the function
  `core.folding` registers on every Django connection. A phrase query of the folded
  search text is a substring test (a phrase of consecutive trigrams).
- PostgreSQL: an immutable function `<table>_text(columns...)` folding as `Folded` does
  (`lower(unaccent(...))`), a stored generated column `<table>.search_text` of its result
  (not a model field: Django never selects or writes it) and a `gin_trgm_ops` index on it.
  Stored rather than an index on the expression: a common word matches most rows, and the
  index's recheck would fold each one again.

Both are kept by the database after every write (a service, the admin, an import, a
`QuerySet.update()`, a bulk load), so the search is exact by construction.

Texts the index cannot answer exactly fall back to `folded_contains` over the columns: a
text holding a line feed (the joint between columns), and on SQLite a text of fewer than
three characters (no trigram). Same rows, the old cost, for searches nobody types.

The SQL below is what the migrations of resources (0003) and labs (0007) run, and what
events' 0006 wrote out by hand: change it only together with a new migration that
rebuilds the objects.
"""

from dataclasses import dataclass

from django.db import connection, migrations
from django.db.models import Expression, Q, TextField
from django.db.models.expressions import RawSQL

from .folding import fold, folded_contains

SEPARATOR = "\n"
TRIGRAM = 3
COLUMN = "search_text"


class StoredColumn(Expression):
    """A column the database keeps and the model does not declare, named under the alias
    the query gives the model's table (a subquery renames its tables)."""

    def __init__(self, column: str, output_field=None):
        super().__init__(output_field=output_field or TextField())
        self.column = column

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{self.column}", []


@dataclass(frozen=True)
class TextIndex:
    table: str
    columns: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.table}_text"

    # --- reads ------------------------------------------------------------------------

    def filter(self, text: str, *, related: tuple[str, ...] = ()) -> Q:
        """Rows whose columns (or `related` lookups, folded row by row: names in small
        tables) contain `text` folded: the same rows as
        `folded_contains([*columns, *related], text)`. Filter a queryset returned by
        `queryset()`."""
        needle = fold(text).strip()
        every = [*self.columns, *related]
        if SEPARATOR in needle:
            return folded_contains(every, text)
        if connection.vendor == "postgresql":
            indexed = Q(**{f"{COLUMN}__contains": needle})
        elif connection.vendor == "sqlite" and len(needle) >= TRIGRAM:
            phrase = '"' + needle.replace('"', '""') + '"'
            # The phrase is a bound parameter, never spliced into the SQL; the table's
            # name is this code's own.
            sql = f"SELECT rowid FROM {self.name} WHERE {self.name} MATCH %s"  # noqa: S608
            indexed = Q(pk__in=RawSQL(sql, (phrase,)))  # noqa: S611
        else:
            return folded_contains(every, text)
        return (indexed | folded_contains(list(related), text)) if related else indexed

    def queryset(self, queryset):
        """`queryset` able to filter on `filter()` (PostgreSQL reads the stored column
        under the name `search_text`)."""
        if connection.vendor == "postgresql":
            return queryset.alias(**{COLUMN: StoredColumn(COLUMN)})
        return queryset

    # --- the migration's SQL ------------------------------------------------------------

    def _sqlite_text(self, prefix: str) -> str:
        joined = " || char(10) || ".join(f"{prefix}{column}" for column in self.columns)
        return f"labnet_fold({joined})"

    # Names of tables and columns are this code's own (the migrations'): nothing typed is
    # spliced into the SQL below.
    def sqlite_create(self) -> list[str]:
        name, table, text = self.name, self.table, self._sqlite_text("new.")
        return [
            f"CREATE VIRTUAL TABLE {name} USING fts5(text, tokenize = 'trigram')",
            f"""CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN
                INSERT INTO {name} (rowid, text) VALUES (new.id, {text});
            END""",  # noqa: S608
            f"""CREATE TRIGGER {name}_update
                AFTER UPDATE OF {", ".join(self.columns)} ON {table} BEGIN
                DELETE FROM {name} WHERE rowid = old.id;
                INSERT INTO {name} (rowid, text) VALUES (new.id, {text});
            END""",  # noqa: S608
            f"""CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN
                DELETE FROM {name} WHERE rowid = old.id;
            END""",  # noqa: S608
            # The rows already there (the index is exact from the migration on).
            f"INSERT INTO {name} (rowid, text) SELECT id, {self._sqlite_text('')} "  # noqa: S608
            f"FROM {table}",
            f"INSERT INTO {name} ({name}) VALUES ('optimize')",  # noqa: S608
        ]

    def sqlite_drop(self) -> list[str]:
        name = self.name
        return [
            f"DROP TRIGGER IF EXISTS {name}_insert",
            f"DROP TRIGGER IF EXISTS {name}_update",
            f"DROP TRIGGER IF EXISTS {name}_delete",
            f"DROP TABLE IF EXISTS {name}",
        ]

    def postgresql_create(self) -> list[str]:
        name, table = self.name, self.table
        params = ", ".join(f"{column} text" for column in self.columns)
        joined = " || E'\\n' || ".join(self.columns)
        return [
            "CREATE EXTENSION IF NOT EXISTS unaccent",
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            # `Folded` is lower(unaccent(x)); unaccent with its dictionary named is what
            # an immutable function (hence a generated column) may call.
            f"""CREATE FUNCTION {name}({params})
                RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT lower(public.unaccent('public.unaccent'::regdictionary, {joined}))
            $$""",
            # Filled for the rows already there: adding the column rewrites the table.
            f"ALTER TABLE {table} ADD COLUMN {COLUMN} text GENERATED ALWAYS AS "
            f"({name}({', '.join(self.columns)})) STORED",
            f"CREATE INDEX {name}_trgm ON {table} USING gin ({COLUMN} gin_trgm_ops)",
            # The planner's figures again after the rewrite (a VACUUM, which cannot run in
            # a migration's transaction, is left to autovacuum).
            f"ANALYZE {table}",
        ]

    def postgresql_drop(self) -> list[str]:
        name = self.name
        types = ", ".join("text" for _ in self.columns)
        return [
            f"DROP INDEX IF EXISTS {name}_trgm",
            f"ALTER TABLE {self.table} DROP COLUMN IF EXISTS {COLUMN}",
            f"DROP FUNCTION IF EXISTS {name}({types})",
        ]

    def migration(self) -> migrations.RunPython:
        """The operation creating the index on the database migrated (and dropping it
        when the migration is reversed)."""
        create = {"sqlite": self.sqlite_create(), "postgresql": self.postgresql_create()}
        drop = {"sqlite": self.sqlite_drop(), "postgresql": self.postgresql_drop()}

        def run(statements):
            def apply(apps, schema_editor):
                for statement in statements.get(schema_editor.connection.vendor, ()):
                    schema_editor.execute(statement)

            return apply

        return migrations.RunPython(run(create), run(drop))
