"""SQLite: an FTS5 table of Snowball-stemmed text, ranked with bm25.

Created by migration 0001_initial: `search_project_fts(title, text)` (rowid = project id)
with the `unicode61 remove_diacritics 2` tokenizer, `search_project_fts_vocab` (fts5vocab:
how many projects hold each term), and a trigger that drops a project's FTS row when its
ProjectSearchDocument row goes (a deleted project cascades to it).
"""

from django.db import connection
from django.utils import timezone

from labnet.search.text import query_words, select_terms, stems

from . import MAX_QUERY_TERMS

DOCUMENTS = "search_projectsearchdocument"
FTS = "search_project_fts"
VOCAB = "search_project_fts_vocab"
CREATE_FTS = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5("
    "title, text, tokenize = 'unicode61 remove_diacritics 2')"
)
# bm25 column weights: a word of the title counts as much as four of the rest.
RANK = f"bm25({FTS}, 4.0, 1.0)"


def _placeholders(n):
    return ", ".join(["%s"] * n)


def write(rows, *, fresh=False):
    rows = list(rows)
    if not rows:
        return
    now = timezone.now()
    ids = [row[0] for row in rows]
    with connection.cursor() as cursor:
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
            [(pk, " ".join(stems(title)), " ".join(stems(text))) for pk, title, text in rows],
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


def rank(text, *, candidates, limit, min_documents=1):
    words = query_words(text)
    if not words:
        return []
    counts = {word.stem: word.count for word in words}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term, doc, (SELECT count(*) FROM {DOCUMENTS}) FROM {VOCAB} "  # noqa: S608
            f"WHERE term IN ({_placeholders(len(counts))})",
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
