"""Figures the public documents state ("14 laboratoires", "plus de 200 projets"), kept
with their source, date and qualifier, each optionally linked to the figure LabNet
computes for the same thing (`computed.REGISTRY`), so that pages can show both side by
side and never hide a gap."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Qualifier(models.TextChoices):
    EXACT = "exact", _("exactement")
    AT_LEAST = "at_least", _("plus de")
    ABOUT = "about", _("environ")


class StatedFigure(models.Model):
    key = models.SlugField(_("clé"), max_length=100, unique=True)
    label_fr = models.CharField(_("libellé (français)"), max_length=300)
    label_en = models.CharField(_("libellé (anglais)"), max_length=300)
    value = models.DecimalField(_("valeur"), max_digits=16, decimal_places=2)
    unit = models.CharField(_("unité"), max_length=40)
    qualifier = models.CharField(
        _("précision"), max_length=16, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    as_of = models.DateField(_("date de valeur"), null=True, blank=True)
    scope = models.CharField(_("périmètre"), max_length=300, blank=True)
    # A key of labnet.figures.computed.REGISTRY, or "" when LabNet counts nothing alike.
    computed_figure = models.CharField(
        _("chiffre calculé correspondant"), max_length=64, blank=True
    )
    source = models.ForeignKey(
        "core.Source", verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chiffre annoncé")
        verbose_name_plural = _("chiffres annoncés")
        ordering = ["key"]

    def __str__(self):
        return self.label_fr
