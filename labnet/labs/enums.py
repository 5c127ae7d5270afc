from django.db import models
from django.utils.translation import gettext_lazy as _


class LabKind(models.TextChoices):
    TERRITORIAL = "territorial", _("laboratoire territorial (préfecture de région)")
    MINISTRY = "ministry", _("laboratoire ministériel")
    LOCAL_AUTHORITY = "local_authority", _("laboratoire de collectivité")
    HOSPITAL = "hospital", _("laboratoire hospitalier")
    OPERATOR = "operator", _("laboratoire d'opérateur")
    OTHER = "other", _("autre laboratoire")


class LabStatus(models.TextChoices):
    ACTIVE = "active", _("en activité")
    IN_PREPARATION = "in_preparation", _("en préfiguration")
    CLOSED = "closed", _("fermé")
    # The documents say nothing of it: an empty cell of labs.csv, never a guess.
    NOT_STATED = "not_stated", _("non renseigné")

    @property
    def badge(self) -> str:
        """The DSFR badge colour of this state (`fr-badge--<badge>`)."""
        return {
            "active": "success",
            "in_preparation": "new",
            "closed": "error",
            "not_stated": "info",
        }[self.value]


class LabMission(models.TextChoices):
    ACCOMPANIMENT = "accompaniment", _("accompagnement et incubation de projets")
    TRAINING = "training", _("formation et acculturation")
    ADVICE = "advice", _("conseil")
    NETWORKING = "networking", _("mise en réseau")
    RESEARCH = "research", _("recherche")
