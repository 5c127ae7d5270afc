"""SQLite: an FTS5 table of Snowball-stemmed text, ranked with bm25.

Created by migration 0001_initial: `search_project_fts(title, text)` (rowid = project id)
with the `unicode61 remove_diacritics 2` tokenizer, `search_project_fts_vocab` (fts5vocab:
how many projects hold each term), and a trigger that drops a project's FTS row when its
ProjectSearchDocument row goes (a deleted project cascades to it).

How many projects hold each term is read from `TermCount` (search_termcount), kept here by
`write` and by `signals.document_deleted`: fts5vocab counts a term by walking all its
postings (a common word in 90,000 projects: milliseconds each, for every term of a query).
"""

from django.db import connection
from django.utils import timezone

from labnet.search.text import query_words, select_terms, stems

from . import MAX_QUERY_TERMS

DOCUMENTS = "search_projectsearchdocument"
FTS = "search_project_fts"
VOCAB = "search_project_fts_vocab"
COUNTS = "search_termcount"
CREATE_FTS = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5("
    "title, text, tokenize = 'unicode61 remove_diacritics 2')"
)
# bm25 column weights: a word of the title counts as much as four of the rest.
RANK = f"bm25({FTS}, 4.0, 1.0)"


def _placeholders(n):
    return ", ".join(["%s"] * n)


def count_all_terms(cursor):
    """Count every term again from the FTS index (after a rebuild, or once to start)."""
    cursor.execute(f"DELETE FROM {COUNTS}")  # noqa: S608
    cursor.execute(f"INSERT INTO {COUNTS} (term, documents) SELECT term, doc FROM {VOCAB}")  # noqa: S608
    cursor.execute(
        f"INSERT INTO {COUNTS} (term, documents) SELECT '', count(*) FROM {FTS}"  # noqa: S608
    )


def _distinct_terms(title: str, text: str) -> set[str]:
    # What an FTS row holds, as terms: its stems (the row '' counts the document).
    return {"", *title.split(), *text.split()}


def count_changes(cursor, old_rows, new_rows) -> None:
    """Apply to the counts the documents' change from `old_rows` to `new_rows`, lists of
    (stemmed title, stemmed text) as stored in the FTS table."""
    changes = {}
    for rows, step in ((old_rows, -1), (new_rows, 1)):
        for title, text in rows:
            for term in _distinct_terms(title, text):
                changes[term] = changes.get(term, 0) + step
    changed = sorted((term, n) for term, n in changes.items() if n)
    if not changed:
        return
    cursor.executemany(
        f"INSERT INTO {COUNTS} (term, documents) VALUES (%s, %s) "  # noqa: S608
        "ON CONFLICT (term) DO UPDATE SET documents = documents + excluded.documents",
        changed,
    )
    cursor.execute(f"DELETE FROM {COUNTS} WHERE documents <= 0 AND term <> ''")  # noqa: S608


def indexed_rows(cursor, ids) -> list[tuple[str, str]]:
    """The stemmed (title, text) the FTS table holds for the projects `ids`."""
    if not ids:
        return []
    cursor.execute(
        f"SELECT title, text FROM {FTS} WHERE rowid IN ({_placeholders(len(ids))})",  # noqa: S608
        list(ids),
    )
    return cursor.fetchall()


def write(rows, *, fresh=False):
    rows = list(rows)
    if not rows:
        return
    now = timezone.now()
    ids = [row[0] for row in rows]
    stemmed = [(" ".join(stems(title)), " ".join(stems(text))) for _pk, title, text in rows]
    with connection.cursor() as cursor:
        if not fresh:  # a rebuild counts everything once at its end
            count_changes(cursor, indexed_rows(cursor, ids), stemmed)
        cursor.executemany(
            f"INSERT INTO {DOCUMENTS} (project_id, title, text, updated_at) "  # noqa: S608
            "VALUES (%s, %s, %s, %s) ON CONFLICT (project_id) DO UPDATE SET "
            "title = excluded.title, text = excluded.text, updated_at = excluded.updated_at",
            [(pk, title, text, now) for pk, title, text in rows],
        )
        if not fresh:
            cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({_placeholders(len(ids))})", ids)  # noqa: S608
        cursor.executemany(
            f"INSERT INTO {FTS} (rowid, title, text) VALUES (%s, %s, %s)",  # noqa: S608
            [(pk, title, text) for pk, (title, text) in zip(ids, stemmed, strict=True)],
        )


def rebuild_start():
    with connection.cursor() as cursor:
        # Recreating the FTS table is much faster than deleting its rows one by one; DDL
        # is transactional in SQLite, so readers keep the old index until the commit.
        cursor.execute(f"DROP TABLE {FTS}")
        cursor.execute(CREATE_FTS)
        cursor.execute(f"DELETE FROM {DOCUMENTS}")  # noqa: S608


def rebuild_finish():
    with connection.cursor() as cursor:
        # Merge the segments written batch by batch: queries then read one b-tree.
        cursor.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')")  # noqa: S608
        count_all_terms(cursor)


def rank(text, *, candidates, limit, min_documents=1):
    words = query_words(text)
    if not words:
        return []
    counts = {word.stem: word.count for word in words}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term, documents, (SELECT documents FROM {COUNTS} WHERE term = '') "  # noqa: S608
            f"FROM {COUNTS} WHERE term IN ({_placeholders(len(counts))})",
            list(counts),
        )
        found = cursor.fetchall()
        if not found:
            return []
        selection = select_terms(
            [(term, counts[term], documents) for term, documents, _ in found],
            total=found[0][2],
            limit=MAX_QUERY_TERMS,
            min_documents=min_documents,
        )
        if not selection.terms:
            return []
        # Stems hold letters and digits only; quoted, none can be read as an FTS5 operator.
        where = f"{FTS} MATCH %s"
        params = [" OR ".join(f'"{term}"' for term, _ in selection.terms)]
        if candidates is not None:
            sql, candidate_params = candidates(f"{FTS}.rowid")
            where += f" AND EXISTS ({sql})"
            params += list(candidate_params)
        # Newest first when no word sets projects apart: FTS5 then stops at the limit.
        order = "rowid DESC" if selection.common_only else "score, rowid"
        cursor.execute(
            f"SELECT rowid, {RANK} AS score FROM {FTS} WHERE {where} "  # noqa: S608
            f"ORDER BY {order} LIMIT %s",
            [*params, limit],
        )
        # bm25 is lower for better matches; LabNet's scores grow with relevance.
        return [(pk, -score) for pk, score in cursor.fetchall()]
