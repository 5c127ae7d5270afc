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
