"""Each event's confirmed registrations, kept by the database (labnet/events/db_columns.py,
docs/adr/0055): a column `events_event.confirmed_count` that is not a model field, and
triggers on `events_registration` that move it in the transaction of every write
(insert, change of status or event, delete). Backfilled here from the registrations.

Django's SQLite schema editor rebuilds a table from the model to alter some fields: a
later migration that does so on `events_event` must add the column and the triggers of
migrations 0006 and 0007 again (tests/events/test_text_search.py and
tests/events/test_confirmed_count.py fail otherwise).
"""

from django.db import migrations

ADD_COLUMN = "ALTER TABLE events_event ADD COLUMN confirmed_count integer NOT NULL DEFAULT 0"
BACKFILL = (
    "UPDATE events_event SET confirmed_count = (SELECT count(*) FROM events_registration r "
    "WHERE r.event_id = events_event.id AND r.status = 'confirmed')"
)
SQLITE_CREATE = [
    ADD_COLUMN,
    """CREATE TRIGGER events_registration_confirmed_insert AFTER INSERT ON events_registration
        WHEN new.status = 'confirmed' BEGIN
        UPDATE events_event SET confirmed_count = confirmed_count + 1 WHERE id = new.event_id;
    END""",
    """CREATE TRIGGER events_registration_confirmed_delete AFTER DELETE ON events_registration
        WHEN old.status = 'confirmed' BEGIN
        UPDATE events_event SET confirmed_count = confirmed_count - 1 WHERE id = old.event_id;
    END""",
    """CREATE TRIGGER events_registration_confirmed_update
        AFTER UPDATE OF status, event_id ON events_registration
        WHEN (old.status = 'confirmed') != (new.status = 'confirmed')
            OR old.event_id != new.event_id BEGIN
        UPDATE events_event SET confirmed_count = confirmed_count - 1
            WHERE id = old.event_id AND old.status = 'confirmed';
        UPDATE events_event SET confirmed_count = confirmed_count + 1
            WHERE id = new.event_id AND new.status = 'confirmed';
    END""",
    BACKFILL,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS events_registration_confirmed_insert",
    "DROP TRIGGER IF EXISTS events_registration_confirmed_delete",
    "DROP TRIGGER IF EXISTS events_registration_confirmed_update",
    "ALTER TABLE events_event DROP COLUMN confirmed_count",
]
POSTGRESQL_CREATE = [
    ADD_COLUMN,
    # Changes and deletions, row by row (a registration confirmed, cancelled, moved).
    """CREATE FUNCTION events_registration_confirmed_count() RETURNS trigger
        LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.status = 'confirmed' THEN
            UPDATE events_event SET confirmed_count = confirmed_count - 1
                WHERE id = OLD.event_id;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.status = 'confirmed' THEN
            UPDATE events_event SET confirmed_count = confirmed_count + 1
                WHERE id = NEW.event_id;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER events_registration_confirmed_count
        AFTER DELETE OR UPDATE OF status, event_id ON events_registration
        FOR EACH ROW EXECUTE FUNCTION events_registration_confirmed_count()""",
    # Insertions once per statement, from the inserted rows: a bulk load (`COPY` of a
    # million registrations) moves each event's count once, not once per row.
    """CREATE FUNCTION events_registration_confirmed_insert() RETURNS trigger
        LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE events_event SET confirmed_count = confirmed_count + added.n
            FROM (SELECT event_id, count(*) AS n FROM inserted
                  WHERE status = 'confirmed' GROUP BY event_id) AS added
            WHERE events_event.id = added.event_id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER events_registration_confirmed_insert
        AFTER INSERT ON events_registration REFERENCING NEW TABLE AS inserted
        FOR EACH STATEMENT EXECUTE FUNCTION events_registration_confirmed_insert()""",
    BACKFILL,
    "ANALYZE events_event",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS events_registration_confirmed_count ON events_registration",
    "DROP TRIGGER IF EXISTS events_registration_confirmed_insert ON events_registration",
    "DROP FUNCTION IF EXISTS events_registration_confirmed_count()",
    "DROP FUNCTION IF EXISTS events_registration_confirmed_insert()",
    "ALTER TABLE events_event DROP COLUMN IF EXISTS confirmed_count",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_event_text_search"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        ),
    ]
