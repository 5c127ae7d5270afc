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

    @property
    def badge(self) -> str:
        """The DSFR badge colour of this state (`fr-badge--<badge>`; "" for the plain one)."""
        return {
            "paused": "warning",
            "abandoned": "error",
            "closed": "success",
        }.get(self.value, "")


class ActivityKind(models.TextChoices):
    WORKSHOP = "workshop", _("atelier")
    INTERVIEW = "interview", _("entretien")
    OBSERVATION = "observation", _("observation")
    USER_TEST = "user_test", _("test utilisateur")
    CREATIVE_SPRINT = "creative_sprint", _("sprint créatif")
    STEERING_MEETING = "steering_meeting", _("comité de pilotage")
    OTHER = "other", _("autre activité")


class DocumentKind(models.TextChoices):
    REPORT = "report", _("compte rendu, rapport")
    PRESENTATION = "presentation", _("présentation")
    DELIVERABLE = "deliverable", _("livrable")
    PHOTO = "photo", _("photo, visuel")
    OTHER = "other", _("autre document")


class ProjectRole(models.TextChoices):
    OWNER = "owner", _("porteur de projet")
    SPONSOR = "sponsor", _("commanditaire")
    FACILITATOR = "facilitator", _("accompagnateur du laboratoire")
    CONTRIBUTOR = "contributor", _("contributeur")
    USER_REPRESENTATIVE = "user_representative", _("représentant des usagers")
