from django.db import models
from django.utils.translation import gettext_lazy as _

from labnet.core.models import SourcedModel


class Region(SourcedModel):
    """A region, keyed by its official INSEE code (e.g. "28" Normandie, "01" Guadeloupe)."""

    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    is_overseas = models.BooleanField(_("outre-mer"), default=False)
    timezone = models.CharField(_("fuseau horaire"), max_length=64, default="Europe/Paris")

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(SourcedModel):
    """A department, keyed by its official INSEE code ("2A", "971"...)."""

    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="departments"
    )

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"
