from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationKind(models.TextChoices):
    ATLAS = "atlas", _("L'Atlas des laboratoires d'innovation publique")
    BOOKLET = "livret", _("Le livret des labs")


class BuildStatus(models.TextChoices):
    QUEUED = "queued", _("en cours de construction")
    READY = "ready", _("prête")
    FAILED = "failed", _("échec de la construction")
