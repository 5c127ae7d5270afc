from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.Model):
    """A public document that records of the network dataset were transcribed from."""

    key = models.SlugField(_("clé"), max_length=64, primary_key=True)
    title = models.CharField(_("titre"), max_length=300)
    published_on = models.DateField(_("publié le"), null=True, blank=True)
    publisher = models.CharField(_("éditeur"), max_length=200, blank=True)
    kind = models.CharField(_("nature"), max_length=40, blank=True)
    file_name = models.CharField(_("fichier"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["published_on", "key"]

    def __str__(self):
        return self.title


class AuditEntry(models.Model):
    """One write to the platform: who did what to which record, and the changed values.

    Entries are append-only; the target is kept by type and id plus a text snapshot
    so the entry still reads well after the record is deleted.
    """

    class Channel(models.TextChoices):
        WEB = "web", _("site")
        API = "api", _("API")
        IMPORT = "import", _("import")
        COMMAND = "command", _("commande")
        ADMIN = "admin", _("administration")

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    channel = models.CharField(_("canal"), max_length=16, choices=Channel.choices)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("type d'objet"), max_length=64, blank=True)
    target_id = models.CharField(_("identifiant"), max_length=64, blank=True)
    target_repr = models.CharField(_("objet"), max_length=300, blank=True)
    changes = models.JSONField(_("modifications"), default=dict, blank=True)

    class Meta:
        verbose_name = _("entrée du journal d'audit")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


# --- what many models declare, declared once ------------------------------------------------
# Abstract: each field is exactly the one the models declared before (no migration).


class SourcedModel(models.Model):
    """A row the network's dataset brought in cites the document it came from."""

    source = models.ForeignKey(
        "core.Source", verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        abstract = True


class CreatedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class TimestampedModel(CreatedModel):
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
