from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import BuildStatus, PublicationKind


class Publication(models.Model):
    """One built PDF of a publication in one language, for one version of the data."""

    kind = models.CharField(_("publication"), max_length=16, choices=PublicationKind.choices)
    language = models.CharField(_("langue"), max_length=8)
    # A digest of what the publication shows (docs/adr/0015): a new digest, a new build.
    data_version = models.CharField(max_length=64)
    status = models.CharField(_("état"), max_length=16, choices=BuildStatus.choices)
    pdf = models.BinaryField(_("fichier PDF"), null=True, blank=True)
    size = models.PositiveIntegerField(_("taille (octets)"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    seconds = models.FloatField(_("durée de construction (s)"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True, max_length=10_000)
    requested_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    built_at = models.DateTimeField(_("construite le"), null=True, blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language", "data_version"], name="unique_publication_build"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language}, {self.data_version[:8]})"
