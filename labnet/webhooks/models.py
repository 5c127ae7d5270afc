from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import DeliveryStatus


class Subscription(models.Model):
    """A URL of another tool that receives the events it chose, signed with its secret."""

    url = models.URLField(_("adresse de réception"), max_length=500)
    events = models.JSONField(_("événements"), default=list)
    # Set for a lab lead's subscription: only that lab's events reach it.
    lab = models.ForeignKey(
        "labs.Lab", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    secret = models.CharField(max_length=80)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_subscriptions"
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    paused_at = models.DateTimeField(_("mise en pause le"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("abonnement webhook")
        verbose_name_plural = _("abonnements webhook")
        ordering = ["-created_at"]

    def __str__(self):
        return self.url


class Delivery(models.Model):
    """One message to one subscription, and how its sending went."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    message_id = models.CharField(max_length=40, unique=True)
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    last_duration_ms = models.PositiveIntegerField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("envoi webhook")
        verbose_name_plural = _("envois webhook")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.event} → {self.subscription.url}"
