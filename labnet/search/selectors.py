"""Reads of the search index: projects ranked by what they are about, across all labs,
only those the user may see (docs/adr/0003-search.md).

Each call runs a fixed number of queries whatever the number of results: the user's labs
(visibility rule, for a signed-in user who is not the coordinator), how many projects
hold each word, the ranking, the projects, their themes.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models.expressions import RawSQL

from labnet.projects.models import Project
from labnet.projects.rules import visible_projects_filter

from .backends import backend
from .documents import project_document


@dataclass(frozen=True)
class SimilarProject:
    """A project and how well it matches; scores compare within one list only."""

    project: Project
    score: float


def _candidates(user, exclude_ids):
    """How the ranking keeps only what `user` may see, minus `exclude_ids`: a function of
    the SQL column holding a project id that returns an EXISTS-able (sql, params); None
    when nothing needs filtering (the coordinator)."""
    visible = visible_projects_filter(user)
    exclude_ids = [pk for pk in exclude_ids if pk is not None]
    if not visible and not exclude_ids:
        return None
    projects = Project.objects.filter(visible)
    if exclude_ids:
        projects = projects.exclude(pk__in=exclude_ids)

    def correlated(column):
        # Checked for each matching project (an index lookup each), rather than listing
        # every visible project first: matches are far fewer than visible projects.
        # `column` is a constant of the backend, never user input.
        outer = RawSQL(column, ())  # noqa: S611
        query = projects.filter(pk=outer).order_by().values("pk").query
        return query.get_compiler(connection=connection).as_sql()

    return correlated


def _ranked(text, *, user, limit, exclude_ids=(), min_documents=1) -> list[SimilarProject]:
    if limit <= 0 or not (text or "").strip():
        return []
    ranking = backend().rank(
        text,
        candidates=_candidates(user, exclude_ids),
        limit=limit,
        min_documents=min_documents,
    )
    if not ranking:
        return []
    projects = (
        Project.objects.filter(pk__in=[pk for pk, _ in ranking])
        .select_related("lead_lab", "region")
        .prefetch_related("themes")
        .in_bulk()
    )
    # A project deleted between the two queries is simply left out.
    return [
        SimilarProject(project=projects[pk], score=score) for pk, score in ranking if pk in projects
    ]


def similar_projects(*, text: str, user, limit: int = 10, exclude_ids=()) -> list[SimilarProject]:
    """The projects of the whole network most similar to `text` (an idea, a draft),
    best first, among those `user` may see; [] when `text` has no meaningful word."""
    return _ranked(text, user=user, limit=limit, exclude_ids=exclude_ids)


def similar_to_project(*, project: Project, user, limit: int = 10) -> list[SimilarProject]:
    """The projects most similar to `project` (by its own title, themes and sheet).

    Prefetch the project's themes to save a query. Its own words are counted in the index
    (every project service indexes what it writes), so a word no other project holds is
    left out of the query: it could only find the project itself.
    """
    title, text = project_document(project)
    return _ranked(
        f"{title}\n{text}", user=user, limit=limit, exclude_ids=[project.pk], min_documents=2
    )


def project_search_ids(*, text: str, user, limit: int = 20) -> list[int]:
    """The ids of what `project_search` finds, best first, without reading the projects:
    for a list that filters by them and reads its own rows (the API)."""
    if limit <= 0 or not (text or "").strip():
        return []
    ranking = backend().rank(text, candidates=_candidates(user, ()), limit=limit, min_documents=1)
    return [pk for pk, _score in ranking]


def project_search(*, text: str, user, limit: int = 20) -> list[SimilarProject]:
    """What a search box finds: the projects matching any word of `text`, best first."""
    return _ranked(text, user=user, limit=limit)


@dataclass(frozen=True)
class SimilarMemory:
    """A memory document (kind, id of the row it describes) and how well it matches."""

    kind: str
    object_id: int
    title: str
    score: float


def similar_memory(*, text: str, kind: str, limit: int = 5) -> list[SimilarMemory]:
    """Memory documents of `kind` most similar to `text`, best first. Two queries (how
    many documents of the kind, then those holding a word of the text), scored in Python
    with bm25's idf over the documents found: the kinds indexed here are small (a few
    hundred roadmap items nationally), docs/adr/0035-impact-roadmap-items-in-search.md."""
    from django.db.models import Q

    from .models import MemoryDocument
    from .text import idf, query_words

    words = query_words(text or "")[:MAX_MEMORY_TERMS]
    if limit <= 0 or not words:
        return []
    documents = MemoryDocument.objects.filter(kind=kind)
    total = documents.count()
    if not total:
        return []
    match = Q()
    for word in words:
        match |= Q(terms__contains=f" {word.stem} ")
    found = list(documents.filter(match).values_list("object_id", "title", "terms"))
    if not found:
        return []
    # Each word's weight (its count in the text times its idf over the documents found)
    # worked out once, not once per document holding it: the 2,000 roadmap items of the
    # national data made that 10,000 idf calls a page.
    weights = []
    for word in words:
        needle = f" {word.stem} "
        holding = sum(1 for _, _, terms in found if needle in terms)
        weights.append((needle, word.count * idf(holding, total)))
    scored = []
    for object_id, title, terms in found:
        score = 0.0
        for needle, weight in weights:
            occurrences = terms.count(needle)
            if occurrences:
                score += weight * (occurrences / (occurrences + 1.2))
        scored.append(SimilarMemory(kind, object_id, title, score))
    scored.sort(key=lambda m: (-m.score, m.object_id))
    return scored[:limit]


MAX_MEMORY_TERMS = 24
