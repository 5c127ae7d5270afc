from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.TextChoices):
    """What another tool can subscribe to. Lab-scoped events carry the lab they concern."""

    REQUEST_RECEIVED = "request.received", _("demande reçue par un laboratoire")
    PROJECT_PUBLISHED = "project.published", _("fiche projet publiée")
    EVENT_PUBLISHED = "event.published", _("événement publié")
    ALLOCATION_DECIDED = "allocation.decided", _("financement décidé")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("à envoyer")
    SUCCEEDED = "succeeded", _("reçu")
    FAILED = "failed", _("abandonné")
