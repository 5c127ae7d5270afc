from django.db import models
from django.utils.translation import gettext_lazy as _


class LabRole(models.TextChoices):
    MEMBER = "member", _("membre de l'équipe")
    LEAD = "lead", _("responsable du laboratoire")
