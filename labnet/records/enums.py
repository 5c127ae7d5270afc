from django.db import models
from django.utils.translation import gettext_lazy as _


class LineKind(models.TextChoices):
    """What a line of an agent's record is about; the key of a line is `<kind>:<pk>`."""

    PROJECT = "project", _("projet")
    REQUEST = "request", _("demande au guichet")
    TRAINING = "training", _("formation")
    CODEVELOPMENT = "codevelopment", _("séance de co-développement")
    EVENT = "event", _("événement organisé")
    ANSWER = "answer", _("réponse à un appel")
    RESOURCE = "resource", _("ressource proposée")
    POOL = "pool", _("vivier de contributeurs")
