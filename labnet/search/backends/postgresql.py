"""PostgreSQL: a weighted `tsvector` of the `french` configuration over unaccented text,
stored in the document's row with a GIN index, ranked with ts_rank weighted by rarity.

Created by migration 0001_initial: the `unaccent` extension, the `vector` column and its
GIN index (not Django fields, so the model is the same on SQLite), and
`search_term_stat(term, documents)`, how many projects hold each lexeme (the row '' holds
the number of projects), kept by a trigger on every write of a vector.

ts_rank and ts_rank_cd do not know how rare a word is: over one OR query, "service"
would count as much as "séjour" (measured: the seeds' residence-permit project then had
the accelerator 4th or 5th). The score is therefore the sum, over the chosen terms, of the
term's rarity (idf) times ts_rank of that term alone: a bm25-like ranking. For a one-word
query, cover density (ts_rank_cd) measures nothing more than ts_rank does, and it costs
twice as much: it rebuilds the whole vector for each call (measured over 8,800 rows and
12 terms: 92 ms with ts_rank_cd, 42 ms with ts_rank).
"""

from django.db import connection
from django.utils import timezone

from labnet.search.text import query_words, select_terms, words

from . import MAX_QUERY_TERMS

DOCUMENTS = "search_projectsearchdocument"
STATS = "search_term_stat"
# Title in class A, the rest in B; the weights {D, C, B, A} make a title word count as
# much as four others, as on SQLite.
VECTOR = (
    "setweight(to_tsvector('french', unaccent(%s)), 'A') || "
    "setweight(to_tsvector('french', unaccent(%s)), 'B')"
)
WEIGHTS = "'{0.1, 0.2, 0.25, 1.0}'"
# 1: divide by 1 + log(document length), so a long sheet does not win by its length.
NORMALIZATION = 1
# At most about this many projects are ranked for one query (see _filtering).
CANDIDATES = 10_000
# Read by the statistics trigger: a rebuild counts everything once at the end instead.
BULK_SETTING = "labnet.search_bulk"


def _operand(term):
    # A quoted tsquery operand; lexemes of LabNet's words are letters and digits, but a
    # quote must never end the operand early.
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _filtering(terms, documents):
    """The terms a project must hold one of to be ranked: the rarest ones, while together
    they are in at most CANDIDATES projects (always at least one term).

    Every row ranked costs PostgreSQL a few microseconds (fetching its vector, one
    ts_rank per term), so ranking every project that holds any word of the query
    would take hundreds of milliseconds once words are in tens of thousands of projects.
    A project holding none of the query's rarer words but only its frequent ones scores
    little anyway; those are not ranked. The score still counts every term.
    """
    by_rarity = sorted((documents[term], term) for term, _ in terms)
    kept, total = [], 0
    for count, term in by_rarity:
        if kept and total + count > CANDIDATES:
            break
        kept.append(term)
        total += count
    return kept


def write(rows, *, fresh=False):
    rows = list(rows)
    if not rows:
        return
    now = timezone.now()
    values = ", ".join([f"(%s, %s, %s, %s, {VECTOR})"] * len(rows))
    params = []
    for pk, title, text in rows:
        # Words go through the same folding, stop list and plural rule as on SQLite
        # (labnet.search.text); PostgreSQL's French Snowball then stems them.
        params += [pk, title, text, now, " ".join(words(title)), " ".join(words(text))]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {DOCUMENTS} (project_id, title, text, updated_at, vector) "  # noqa: S608
            f"VALUES {values} ON CONFLICT (project_id) DO UPDATE SET title = excluded.title, "
            "text = excluded.text, updated_at = excluded.updated_at, vector = excluded.vector",
            params,
        )


def rebuild_start():
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [BULK_SETTING])
        cursor.execute(f"DELETE FROM {DOCUMENTS}")  # noqa: S608
        cursor.execute(f"DELETE FROM {STATS}")  # noqa: S608


def rebuild_finish():
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {STATS} (term, documents) "  # noqa: S608
            f"SELECT word, ndoc FROM ts_stat('SELECT vector FROM {DOCUMENTS}') "
            f"UNION ALL SELECT '', count(*) FROM {DOCUMENTS} WHERE vector IS NOT NULL"
        )
        cursor.execute("SELECT set_config(%s, 'off', true)", [BULK_SETTING])
        # Fresh statistics for the planner after replacing every row.
        cursor.execute(f"ANALYZE {DOCUMENTS}")


def rank(text, *, candidates, limit, min_documents=1):
    query = query_words(text)
    if not query:
        return []
    with connection.cursor() as cursor:
        # PostgreSQL's own lexeme for each word, and how many projects hold it.
        cursor.execute(
            "SELECT q.n, lexeme, coalesce(s.documents, 0), "  # noqa: S608
            f"(SELECT documents FROM {STATS} WHERE term = '') "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS q(word, n), "
            "unnest(tsvector_to_array(to_tsvector('french', unaccent(q.word)))) AS lexeme "
            f"LEFT JOIN {STATS} AS s ON s.term = lexeme ORDER BY q.n",
            [[word.word for word in query]],
        )
        found = cursor.fetchall()
        if not found or not found[0][3]:
            return []
        counts, documents = {}, {}
        for n, lexeme, lexeme_documents, _ in found:
            counts[lexeme] = counts.get(lexeme, 0) + query[n - 1].count
            documents[lexeme] = lexeme_documents
        selection = select_terms(
            [(lexeme, counts[lexeme], documents[lexeme]) for lexeme in counts],
            total=found[0][3],
            limit=MAX_QUERY_TERMS,
            min_documents=min_documents,
        )
        terms = selection.terms
        if not terms:
            return []
        score = " + ".join(
            f"%s * ts_rank({WEIGHTS}, d.vector, %s::tsquery, {NORMALIZATION})" for _ in terms
        )
        params = [p for term, term_idf in terms for p in (term_idf, _operand(term))]
        where = "d.vector @@ %s::tsquery"
        params.append(" | ".join(_operand(term) for term in _filtering(terms, documents)))
        if candidates is not None:
            sql, candidate_params = candidates("d.project_id")
            where += f" AND EXISTS ({sql})"
            params += list(candidate_params)
        # Newest first when no word sets projects apart: the planner can then walk the
        # primary key backwards and stop at the limit.
        order = "d.project_id DESC" if selection.common_only else "score DESC, d.project_id"
        cursor.execute(
            f"SELECT d.project_id, {score} AS score FROM {DOCUMENTS} AS d "  # noqa: S608
            f"WHERE {where} ORDER BY {order} LIMIT %s",
            [*params, limit],
        )
        return [(pk, float(score)) for pk, score in cursor.fetchall()]
