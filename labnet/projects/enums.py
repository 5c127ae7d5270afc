from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The stages of public design, in the order a project usually goes through them."""

    FRAMING = "framing", _("cadrage")
    IMMERSION = "immersion", _("immersion")
    IDEATION = "ideation", _("idéation")
    PROTOTYPING = "prototyping", _("prototypage")
    TESTING = "testing", _("test")
    EXPERIMENTATION = "experimentation", _("expérimentation")
    DEPLOYMENT = "deployment", _("déploiement")
    SCALING = "scaling", _("passage à l'échelle")


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", _("en cours")
    PAUSED = "paused", _("en pause")
    ABANDONED = "abandoned", _("abandonné")
    CLOSED = "closed", _("terminé")
