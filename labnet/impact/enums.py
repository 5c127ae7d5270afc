from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    """Which way an indicator should move (the dataset's `direction` column)."""

    DECREASE = "decrease", _("plus bas est mieux")
    INCREASE = "increase", _("plus haut est mieux")


class SurveyKind(models.TextChoices):
    REQUEST = "request", _("demande close")
    PROJECT = "project", _("projet terminé")


class WithoutLab(models.TextChoices):
    """ "Would it have advanced without the lab?" (the seeds: « sans notre appui, les
    collectivités n'auraient pu avancer »)."""

    YES = "yes", _("oui")
    PARTLY = "partly", _("en partie")
    NO = "no", _("non")
