"""The agenda's text search index (labnet/events/text_search.py, docs/adr/0055).

SQLite: an FTS5 trigram table of each event's folded text, kept by triggers; the
triggers call `labnet_fold`, the function every Django connection registers
(labnet.core.folding), so events are written through Django (as they all are).
PostgreSQL: an immutable folding function, a generated (stored) column of its result,
`events_event.search_text`, and a trigram GIN index on that column. The column is not a
model field: Django never writes it, the database computes it on every insert and update.
"""

from django.db import migrations, models

SQLITE_TEXT = (
    "labnet_fold(new.title || char(10) || new.description || char(10) || new.commune "
    "|| char(10) || new.venue)"
)
SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE events_event_text USING fts5(text, tokenize = 'trigram')",
    f"""CREATE TRIGGER events_event_text_insert AFTER INSERT ON events_event BEGIN
        INSERT INTO events_event_text (rowid, text) VALUES (new.id, {SQLITE_TEXT});
    END""",
    f"""CREATE TRIGGER events_event_text_update
        AFTER UPDATE OF title, description, commune, venue ON events_event BEGIN
        DELETE FROM events_event_text WHERE rowid = old.id;
        INSERT INTO events_event_text (rowid, text) VALUES (new.id, {SQLITE_TEXT});
    END""",
    """CREATE TRIGGER events_event_text_delete AFTER DELETE ON events_event BEGIN
        DELETE FROM events_event_text WHERE rowid = old.id;
    END""",
    "INSERT INTO events_event_text (rowid, text) SELECT id, "
    + SQLITE_TEXT.replace("new.", "")
    + " FROM events_event",
    "INSERT INTO events_event_text (events_event_text) VALUES ('optimize')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS events_event_text_insert",
    "DROP TRIGGER IF EXISTS events_event_text_update",
    "DROP TRIGGER IF EXISTS events_event_text_delete",
    "DROP TABLE IF EXISTS events_event_text",
]
POSTGRESQL_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # `Folded` is lower(unaccent(x)); unaccent with its dictionary named is what an
    # immutable function (hence an index) may call.
    """CREATE FUNCTION events_event_text(title text, description text, commune text, venue text)
        RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT lower(public.unaccent('public.unaccent'::regdictionary,
            title || E'\\n' || description || E'\\n' || commune || E'\\n' || venue))
    $$""",
    # Stored, not an index on the expression: a common word ("numérique" is in three
    # events out of four) makes the index find most rows, each checked again by the LIKE;
    # folding each one's text again cost 400 ms, comparing the stored text 50.
    "ALTER TABLE events_event ADD COLUMN search_text text GENERATED ALWAYS AS "
    "(events_event_text(title, description, commune, venue)) STORED",
    "CREATE INDEX events_event_text_trgm ON events_event USING gin (search_text gin_trgm_ops)",
    # Adding the column rewrote the table: give the planner its figures again (a VACUUM,
    # which cannot run in a migration's transaction, is left to autovacuum).
    "ANALYZE events_event",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS events_event_text_trgm",
    "ALTER TABLE events_event DROP COLUMN IF EXISTS search_text",
    "DROP FUNCTION IF EXISTS events_event_text(text, text, text, text)",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_text_max_lengths"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        ),
        migrations.RemoveIndex(model_name="registration", name="registration_places_idx"),
        migrations.AddIndex(
            model_name="registration",
            index=models.Index(
                fields=["event", "status", "created_at"], name="registration_sheet_idx"
            ),
        ),
    ]
