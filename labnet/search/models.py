from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectSearchDocument(models.Model):
    """The plain text a project is found by, kept in step by the services that write it.

    The database's own full-text index is built from these rows (labnet.search.backends):
    an FTS5 table on SQLite, a `tsvector` column with a GIN index on PostgreSQL. Neither is
    a Django field, so the model stays the same on both databases.
    """

    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("projet"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    # Weighted above the rest: a title says in a few words what the project is about.
    title = models.TextField(_("titre"))
    # Theme names, objective, approach and results.
    text = models.TextField(_("texte"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document de recherche")
        verbose_name_plural = _("documents de recherche")

    def __str__(self):
        return self.title


class MemoryDocument(models.Model):
    """Something of the network's memory other than a project (today: roadmap items not yet
    projects), found by the same French text preparation
    (docs/adr/0035-impact-roadmap-items-in-search.md).

    The search app knows no later domain: a row holds a `kind` and the id of the row it
    describes, written by that domain through `search.services.memory_index_update`.
    `terms` holds the Snowball stems of title and text, space-separated and padded
    (" stem1 stem2 "), so a term is matched with one LIKE on both databases.
    """

    kind = models.CharField(_("nature"), max_length=32)
    object_id = models.PositiveBigIntegerField()
    title = models.TextField(_("titre"))
    terms = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document de mémoire")
        verbose_name_plural = _("documents de mémoire")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_memory_unique")
        ]

    def __str__(self):
        return self.title


class TermCount(models.Model):
    """SQLite only: how many indexed projects hold each stemmed term (the row '' counts the
    indexed projects). FTS5's own vocabulary table computes these by walking every posting
    of the term, 100,000 postings for a common word; a ranking reads them for up to a
    hundred terms, so they are kept counted here by the SQLite backend's writes and by
    `signals.document_deleted` (PostgreSQL keeps its `search_term_stat` by trigger).
    A model, so that flushing the database empties it with the documents."""

    term = models.CharField(primary_key=True, max_length=200)
    documents = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("nombre de projets par terme")
        verbose_name_plural = _("nombres de projets par terme")

    def __str__(self):
        return f"{self.term}: {self.documents}"
