from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    COURSE = "course", _("parcours de formation")
    TRAINING_ACTION = "training_action", _("action de formation")
    CO_DEVELOPMENT = "co_development", _("co-développement")
    OTHER = "other", _("autre")


class StatedRecurrence(models.TextChoices):
    """How often sessions recur, as a source states it (not a rule sessions are made from)."""

    WEEKLY = "weekly", _("hebdomadaire")
    MONTHLY = "monthly", _("mensuelle")
    YEARLY = "yearly", _("annuelle")


class CohortStatus(models.TextChoices):
    """Blank means the sources do not say (a cohort whose existence is only inferred)."""

    PLANNED = "planned", _("prévue")
    OPEN = "open", _("inscriptions ouvertes")
    ONGOING = "ongoing", _("en cours")
    COMPLETED = "completed", _("terminée")

    @property
    def badge(self) -> str:
        """The DSFR badge colour of this state (`fr-badge--<badge>`; "" for the plain one)."""
        return {
            "completed": "success",
            "open": "new",
            "ongoing": "info",
        }.get(self.value, "warning")


class EnrolmentStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("inscrit")
    WAITING = "waiting", _("sur liste d'attente")
    CANCELLED = "cancelled", _("désinscrit")

    @property
    def badge(self) -> str:
        """The DSFR badge colour of this state (`fr-badge--<badge>`; "" for the plain one)."""
        return {"confirmed": "info", "waiting": "warning"}.get(self.value, "")
