from django.db import models
from django.utils.translation import gettext_lazy as _

from labnet.core.models import SourcedModel, TimestampedModel
from labnet.core.text import NameField

from .enums import CivilServiceSide, OrganisationKind


class Organisation(SourcedModel, TimestampedModel):
    """An administration, public body or partner named by the network."""

    key = models.SlugField(_("clé"), max_length=100, unique=True)
    name = NameField(_("nom"), max_length=250)
    acronym = models.CharField(_("sigle"), max_length=50, blank=True)
    kind = models.CharField(_("nature"), max_length=32, choices=OrganisationKind.choices)
    civil_service_side = models.CharField(
        _("versant"), max_length=16, choices=CivilServiceSide.choices, blank=True
    )
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("organisation de rattachement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    website = models.URLField(_("site web"), blank=True)
    # The establishment's SIRET (14 digits): how a ProConnect sign-in finds the agent's
    # organisation (its first 9 digits, the SIREN, when no establishment matches).
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, default="", db_index=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name
