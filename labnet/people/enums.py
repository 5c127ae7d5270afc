from django.db import models
from django.utils.translation import gettext_lazy as _


class Availability(models.TextChoices):
    AVAILABLE = "available", _("disponible")
    LIMITED = "limited", _("disponibilité limitée")
    UNAVAILABLE = "unavailable", _("pas disponible en ce moment")
