from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import ProjectStatus, Stage


class ProjectQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Project(models.Model):
    key = models.SlugField(_("clé"), max_length=120, unique=True)
    title = models.CharField(_("titre"), max_length=300)
    lead_lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("laboratoire pilote"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    partner_labs = models.ManyToManyField(
        "labs.Lab",
        verbose_name=_("laboratoires partenaires"),
        blank=True,
        related_name="partner_projects",
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("organisations partenaires"),
        blank=True,
        related_name="projects",
    )
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    departments = models.ManyToManyField(
        "territories.Department",
        verbose_name=_("départements"),
        blank=True,
        related_name="projects",
    )
    # Blank = not stated: projects transcribed from documents often give no stage.
    stage = models.CharField(
        _("étape"),
        max_length=32,
        choices=Stage.choices,
        default=Stage.FRAMING,
        blank=True,
        db_index=True,
    )
    status = models.CharField(
        _("statut"),
        max_length=16,
        choices=ProjectStatus.choices,
        default=ProjectStatus.ACTIVE,
        blank=True,
    )
    themes = models.ManyToManyField(
        "labs.Theme", verbose_name=_("thèmes"), blank=True, related_name="projects"
    )
    objective = models.TextField(_("objectif"), blank=True)
    approach = models.TextField(_("démarche"), blank=True)
    results = models.TextField(_("résultats"), blank=True)
    started_year = models.PositiveSmallIntegerField(_("année de démarrage"), null=True, blank=True)
    scaled_from = models.ForeignKey(
        "self",
        verbose_name=_("reprend le projet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reuses",
    )
    # The public sheet is shown to visitors only once the lab publishes it.
    is_public = models.BooleanField(_("fiche publiée"), default=False, db_index=True)
    source = models.ForeignKey(
        "core.Source", verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("www:project_detail", kwargs={"key": self.key})
