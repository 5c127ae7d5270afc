from django.db import models
from django.utils.translation import gettext_lazy as _


class EventFormat(models.TextChoices):
    """The formats the seeds name, and the usual others."""

    WORKSHOP = "workshop", _("atelier")
    WEBINAR = "webinar", _("webinaire")
    CREATIVE_SPRINT = "creative_sprint", _("sprint créatif")
    OPEN_DAY = "open_day", _("portes ouvertes")
    INAUGURATION = "inauguration", _("inauguration de locaux")
    CONFERENCE = "conference", _("conférence")
    REFLECTION_DAY = "reflection_day", _("journée de réflexion élus et décideurs")
    EXPERIENCE_SHARING = "experience_sharing", _("partage d'expérience")
    TRAINING = "training", _("formation")
    HACKATHON = "hackathon", _("hackathon")
    VISIT = "visit", _("visite")
    OTHER = "other", _("autre")


class Audience(models.TextChoices):
    ALL_AGENTS = "all_agents", _("tous les agents publics")
    STATE_AGENTS = "state_agents", _("agents de l'État et de ses opérateurs")
    LOCAL_AGENTS = "local_agents", _("agents des collectivités")
    HOSPITAL_AGENTS = "hospital_agents", _("agents hospitaliers")
    MANAGERS = "managers", _("encadrants et décideurs")
    ELECTED_OFFICIALS = "elected_officials", _("élus")
    LAB_TEAMS = "lab_teams", _("équipes des laboratoires")
    PUBLIC = "public", _("grand public")


class CampaignKind(models.TextChoices):
    NATIONAL_MONTH = "national_month", _("mois national")
    REGIONAL_PROGRAMME = "regional_programme", _("programme régional")
    OTHER = "other", _("autre")


class EventStatus(models.TextChoices):
    """Where an event is in its life. Only PUBLISHED events are public."""

    DRAFT = "draft", _("brouillon")
    PROPOSED = "proposed", _("proposé")
    CHANGES_REQUESTED = "changes_requested", _("modifications demandées")
    REFUSED = "refused", _("refusé")
    PUBLISHED = "published", _("publié")
    CANCELLED = "cancelled", _("annulé")

    @property
    def badge(self) -> str:
        """The DSFR badge colour of this state (`fr-badge--<badge>`; "" for the plain one)."""
        return {
            "published": "success",
            "refused": "error",
            "cancelled": "error",
            "changes_requested": "warning",
        }.get(self.value, "info")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("en attente de confirmation")  # visitor who has not clicked yet
    CONFIRMED = "confirmed", _("inscrit")
    WAITING = "waiting", _("liste d'attente")
    CANCELLED = "cancelled", _("annulé")

    @property
    def badge(self) -> str:
        """The DSFR badge colour of this state (`fr-badge--<badge>`; "" for the plain one)."""
        return {"confirmed": "success", "pending": "new", "waiting": "info"}.get(self.value, "")


class Attendance(models.TextChoices):
    UNKNOWN = "", _("non renseignée")
    PRESENT = "present", _("présent")
    ABSENT = "absent", _("absent")
