"""Roadmaps: a lab's or a region's plan (CAP 2030, Lab'EST), its axes, groups and items.

An item may be linked to a project of the platform (its stage is then the project's) or
stay a planned item. The counts the source states (`stated_*`) are kept beside what is
listed, never reconciled: CAP 2030 states 22 projects and lists 19.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Roadmap(models.Model):
    key = models.SlugField(_("clé"), max_length=120, unique=True)
    title = models.CharField(_("intitulé"), max_length=200)
    lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("laboratoire porteur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roadmaps",
    )
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roadmaps",
    )
    period_start = models.PositiveSmallIntegerField(_("début (année)"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("fin (année)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5_000)
    stated_project_count = models.PositiveIntegerField(
        _("nombre de projets annoncé"), null=True, blank=True
    )
    stated_axis_count = models.PositiveIntegerField(
        _("nombre d'axes annoncé"), null=True, blank=True
    )
    source = models.ForeignKey(
        "core.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("feuille de route")
        verbose_name_plural = _("feuilles de route")
        ordering = ["title", "key"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roadmaps:detail", kwargs={"key": self.key})

    @property
    def period(self) -> str:
        if self.period_start and self.period_end and self.period_start != self.period_end:
            return f"{self.period_start}–{self.period_end}"
        return str(self.period_start or self.period_end or "")


class Axis(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="axes")
    key = models.SlugField(_("clé"), max_length=120, unique=True)
    title = models.CharField(_("intitulé"), max_length=200)
    position = models.PositiveSmallIntegerField(_("rang"), default=1)

    class Meta:
        verbose_name = _("axe")
        verbose_name_plural = _("axes")
        ordering = ["roadmap_id", "position", "pk"]

    def __str__(self):
        return self.title


class Group(models.Model):
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="groups")
    title = models.CharField(_("intitulé"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("rang"), default=1)

    class Meta:
        verbose_name = _("groupe")
        verbose_name_plural = _("groupes")
        ordering = ["axis_id", "position", "pk"]

    def __str__(self):
        return self.title


class Item(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(_("clé"), max_length=120, unique=True)
    title = models.CharField(_("intitulé"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=5_000)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roadmap_items",
    )
    position = models.PositiveSmallIntegerField(_("rang"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("élément de feuille de route")
        verbose_name_plural = _("éléments de feuille de route")
        ordering = ["group_id", "position", "pk"]

    def __str__(self):
        return self.title

    @property
    def stage(self) -> str:
        """The linked project's stage; "" for a planned item (not yet a project)."""
        return self.project.stage if self.project_id else ""
