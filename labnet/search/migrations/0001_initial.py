import django.db.models.deletion
from django.db import migrations, models

# The full-text index is the database's own (docs/adr/0003-search.md): created here for
# the database in use, and not a Django field, so the model is the same on both.
SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE search_project_fts USING fts5(
        title, text, tokenize = 'unicode61 remove_diacritics 2'
    )""",
    # How many projects hold each term, read from the FTS index itself.
    "CREATE VIRTUAL TABLE search_project_fts_vocab USING fts5vocab(search_project_fts, 'row')",
    # A deleted project cascades to its document; its index row must go with it.
    """CREATE TRIGGER search_projectsearchdocument_delete
        AFTER DELETE ON search_projectsearchdocument
        BEGIN DELETE FROM search_project_fts WHERE rowid = old.project_id; END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_projectsearchdocument_delete",
    "DROP TABLE IF EXISTS search_project_fts_vocab",
    "DROP TABLE IF EXISTS search_project_fts",
]
POSTGRESQL_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "ALTER TABLE search_projectsearchdocument ADD COLUMN vector tsvector",
    "CREATE INDEX search_projectsearchdocument_vector ON search_projectsearchdocument "
    "USING gin (vector)",
    # How many projects hold each lexeme; the row '' counts the indexed projects.
    "CREATE TABLE search_term_stat (term text PRIMARY KEY, documents integer NOT NULL)",
    # Kept by statement-level triggers: one aggregated write per statement, so deleting
    # or writing thousands of documents at once costs one pass, not one per row.
    """CREATE FUNCTION search_term_stat_count() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        -- A full rebuild switches this off and counts everything once at its end.
        IF current_setting('labnet.search_bulk', true) = 'on' THEN
            RETURN NULL;
        END IF;
        -- One writer of the counts at a time: concurrent writers taking the same term
        -- rows in different orders could otherwise deadlock.
        PERFORM pg_advisory_xact_lock(hashtext('search_term_stat'));
        IF TG_OP = 'INSERT' THEN
            INSERT INTO search_term_stat AS s (term, documents)
            SELECT term, count(*) FROM new_rows,
                unnest(array_append(tsvector_to_array(vector), '')) AS term
            WHERE vector IS NOT NULL GROUP BY term ORDER BY term
            ON CONFLICT (term) DO UPDATE SET documents = s.documents + excluded.documents;
        ELSIF TG_OP = 'DELETE' THEN
            UPDATE search_term_stat AS s SET documents = s.documents - d.n
            FROM (
                SELECT term, count(*) AS n FROM old_rows,
                    unnest(array_append(tsvector_to_array(vector), '')) AS term
                WHERE vector IS NOT NULL GROUP BY term
            ) AS d
            WHERE s.term = d.term;
        ELSE
            INSERT INTO search_term_stat AS s (term, documents)
            SELECT term, sum(n) FROM (
                SELECT term, 1 AS n FROM new_rows,
                    unnest(array_append(tsvector_to_array(vector), '')) AS term
                WHERE vector IS NOT NULL
                UNION ALL
                SELECT term, -1 FROM old_rows,
                    unnest(array_append(tsvector_to_array(vector), '')) AS term
                WHERE vector IS NOT NULL
            ) AS changes GROUP BY term HAVING sum(n) <> 0 ORDER BY term
            ON CONFLICT (term) DO UPDATE SET documents = s.documents + excluded.documents;
        END IF;
        RETURN NULL;
    END
    $$""",
    """CREATE TRIGGER search_term_stat_insert AFTER INSERT ON search_projectsearchdocument
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION search_term_stat_count()""",
    """CREATE TRIGGER search_term_stat_update AFTER UPDATE ON search_projectsearchdocument
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION search_term_stat_count()""",
    """CREATE TRIGGER search_term_stat_delete AFTER DELETE ON search_projectsearchdocument
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION search_term_stat_count()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS search_term_stat_insert ON search_projectsearchdocument",
    "DROP TRIGGER IF EXISTS search_term_stat_update ON search_projectsearchdocument",
    "DROP TRIGGER IF EXISTS search_term_stat_delete ON search_projectsearchdocument",
    "DROP FUNCTION IF EXISTS search_term_stat_count()",
    "DROP TABLE IF EXISTS search_term_stat",
    "DROP INDEX IF EXISTS search_projectsearchdocument_vector",
    "ALTER TABLE search_projectsearchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("projects", "0003_accompaniment_journal_documents_next_steps"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProjectSearchDocument",
            fields=[
                (
                    "project",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="projects.project",
                        verbose_name="projet",
                    ),
                ),
                ("title", models.TextField(verbose_name="titre")),
                ("text", models.TextField(blank=True, verbose_name="texte")),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "document de recherche",
                "verbose_name_plural": "documents de recherche",
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        ),
    ]
