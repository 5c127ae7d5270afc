"""The shared library: resources (methods, toolkits, templates, reports, good practices)
that labs propose and the national coordination publishes."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from labnet.core.models import SourcedModel

from .enums import LICENCE_URLS, OPEN_LICENCES, Licence, ResourceKind, ResourceStatus


class ResourceTag(models.Model):
    """A free keyword, stored lowercase so "Design" and "design" are one tag."""

    name = models.CharField(_("mot-clé"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("mot-clé")
        verbose_name_plural = _("mots-clés")
        ordering = ["name"]

    def __str__(self):
        return self.name


def resource_file_path(instance, filename):
    return f"resources/{instance.key}/{filename}"


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ResourceStatus.PUBLISHED)


class Resource(SourcedModel):
    key = models.SlugField(_("clé"), max_length=120, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("nature"), max_length=24, choices=ResourceKind.choices)
    summary = models.TextField(_("présentation"), max_length=10_000)
    url = models.URLField(_("adresse web"), max_length=500, blank=True)
    file = models.FileField(_("fichier"), upload_to=resource_file_path, blank=True)
    # Detected from the bytes at upload (see projects.documents), never the browser's claim.
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(_("taille (octets)"), null=True, blank=True)
    licence = models.CharField(_("licence"), max_length=24, choices=Licence.choices)
    tags = models.ManyToManyField(
        ResourceTag, verbose_name=_("mots-clés"), blank=True, related_name="resources"
    )
    themes = models.ManyToManyField(
        "labs.Theme", verbose_name=_("thèmes"), blank=True, related_name="resources"
    )
    lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("laboratoire auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    projects = models.ManyToManyField(
        "projects.Project",
        verbose_name=_("utilisée dans les projets"),
        blank=True,
        related_name="resources",
    )
    status = models.CharField(
        _("statut"),
        max_length=16,
        choices=ResourceStatus.choices,
        default=ResourceStatus.PROPOSED,
        db_index=True,
    )
    review_message = models.TextField(_("message de relecture"), blank=True, max_length=5_000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_resources",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publiée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("relue le"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        ordering = ["title", "key"]
        indexes = [models.Index(fields=["status", "title"], name="resource_status_title_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resources:detail", kwargs={"key": self.key})

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    @property
    def is_open_licence(self) -> bool:
        return self.licence in OPEN_LICENCES

    @property
    def is_published(self) -> bool:
        return self.status == ResourceStatus.PUBLISHED

    @property
    def file_extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].lower() if self.file else ""

    @property
    def status_badge(self) -> str:
        """The badge colour of its status, as the enum says (`ResourceStatus.badge`)."""
        return ResourceStatus(self.status).badge if self.status else ""
