"""French text preparation shared by both search backends (no database here).

Both sides of a match (the indexed project, the searched text) go through `words()`, so a
query typed without accents, in the plural, or with elisions ("d'obtention") meets the
same forms as the project's text. SQLite then stems these words with the Snowball French
stemmer in Python; PostgreSQL stems them itself with its `french` configuration (also
Snowball), so the two backends agree on what matches.
"""

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

# Letters and digits only: apostrophes (elisions), hyphens and punctuation split words,
# and nothing that reaches a full-text query language can be an operator.
_WORD = re.compile(r"[^\W_]+")

# The Snowball French stop list (accents folded, as words are compared after folding),
# plus the forms of "être"/"avoir" it lists and a few connectors frequent in project
# sheets that say nothing about their subject.
_STOP_WORDS = """
    a ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez
    aurions aurons auront aux avaient avais avait avec avez aviez avions avoir avons ayant
    ayez ayons c ce ceci cela celle celles celui ces cet cette d dans de des du elle elles
    en es est et etaient etais etait etant ete etee etees etes etiez etions etre eu eue
    eues eumes eurent eus eusse eussent eusses eussiez eussions eut eutes eux fumes furent
    fus fusse fussent fusses fussiez fussions fut futes ici il ils j je l la le les leur
    leurs lui m ma mais me meme mes moi mon n ne ni nos notre nous on ont ou par pas plus
    pour qu quand que quel quelle quelles quels qui s sa sans se sera serai seraient serais
    serait seras serez seriez serions serons seront ses si soi soient sois soit sommes son
    sont soyez soyons suis sur t ta te tes toi ton tous tout toute toutes tres tu un une
    vos votre vous y afin ainsi aussi autre autres comme dont entre etc faire fait lors
    peu peut puis sous tant vers via
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_stemmer = snowballstemmer.stemmer("french")

# A term in more than this share of the projects, once there are more than
# COMMON_MIN_DOCUMENTS of them, is left out of queries (see select_terms).
COMMON_SHARE = 0.5
COMMON_MIN_DOCUMENTS = 1_000


# Ligatures Unicode does not decompose; PostgreSQL's unaccent maps them the same way.
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss"}


def _singular(word: str) -> str:
    # Snowball leaves some plurals apart from their singular ("usagers" -> "usager" but
    # "usager" -> "usag"); dropping a final "s" first joins them. Applied to both the
    # index and the query, a rare false join ("pas"/"pa") costs less than the misses.
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# Texts repeat the same few thousand words: each is folded once per process.
@lru_cache(maxsize=100_000)
def _meaningful(raw: str) -> str | None:
    """A lower-case word without diacritics, singular; None for a stop word."""
    word = "".join(c for c in unicodedata.normalize("NFKD", raw) if not unicodedata.combining(c))
    if len(word) <= 1 or not word.isalnum() or word in STOP_WORDS:
        return None
    return _singular(word)


def words(text: str) -> list[str]:
    """The meaningful words of `text`: accents and ligatures folded ("Délais" -> "delai",
    "Œuvre" -> "oeuvre"), singular, stop words and one-letter words left out."""
    # NFC first so that a letter and its accent typed apart stay one word.
    text = unicodedata.normalize("NFC", text or "").lower()
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)  # str.translate is slower on long texts
    return [word for word in map(_meaningful, _WORD.findall(text)) if word]


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def stems(text: str) -> list[str]:
    """The Snowball French stems of `text`'s words, in order, repeats kept (they count)."""
    return [stem(word) for word in words(text)]


@dataclass(frozen=True)
class QueryWord:
    word: str  # the first form met, for a database that stems words itself
    stem: str
    count: int  # how often the text says it (any form)


def query_words(text: str) -> list[QueryWord]:
    """The distinct meaningful words of `text` (one per stem), in order of appearance."""
    firsts: dict[str, str] = {}
    counts: dict[str, int] = {}
    for word in words(text):
        term = stem(word)
        firsts.setdefault(term, word)
        counts[term] = counts.get(term, 0) + 1
    return [QueryWord(word=firsts[t], stem=t, count=counts[t]) for t in firsts]


def idf(documents: int, total: int) -> float:
    """How rare a term is: the bm25 inverse document frequency, kept positive."""
    return math.log(1 + (total - documents + 0.5) / (documents + 0.5))


@dataclass(frozen=True)
class Selection:
    terms: list  # [(term, idf)], the most telling first
    # True when every word is in most of a large network: then nothing in the text sets
    # one project apart (bm25 scores them all about 0), and ranking would read most of
    # the index for nothing; the newest projects holding the rarest word are shown.
    common_only: bool = False


def select_terms(candidates, *, total: int, limit: int, min_documents: int = 1) -> Selection:
    """The terms worth querying, from [(term, count in the text, documents holding it)].

    Like "more like this" in search engines: a term found in no other project cannot
    make one similar; a term found in more than half of a large network says nothing
    about what a project is about (bm25 gives it no weight) yet would make the database
    rank most of the network; of the others, the ones the text repeats most and the
    network has least are kept, at most `limit`.
    """
    found = [c for c in candidates if c[2] >= min_documents]
    common_above = max(total * COMMON_SHARE, COMMON_MIN_DOCUMENTS)
    telling = [c for c in found if c[2] <= common_above]
    if not telling and found:
        term, _, documents = min(found, key=lambda c: c[2])
        return Selection(terms=[(term, idf(documents, total))], common_only=True)
    weighted = [
        (term, count * idf(documents, total), idf(documents, total))
        for term, count, documents in telling
    ]
    # Stable sort: equal weights keep the text's order (its title comes first).
    weighted.sort(key=lambda w: -w[1])
    return Selection(terms=[(term, term_idf) for term, _, term_idf in weighted[:limit]])
