"""What the record adds to the data it is read from: confirmations, choices, attestations.

The record itself is not stored: `selectors.record_lines` reads it from projects, requests,
trainings, events, calls, resources and pools each time (docs/adr/0013-agent-record.md), so
it never drifts from them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Confirmation(models.Model):
    """A member of a project's lead lab confirms what a person brought to the project."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="contribution_confirmations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="confirmations"
    )
    statement = models.CharField(_("ce que la personne a apporté"), max_length=300)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmée le"), auto_now=True)

    class Meta:
        verbose_name = _("confirmation de contribution")
        verbose_name_plural = _("confirmations de contribution")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="unique_confirmation")
        ]

    def __str__(self):
        return f"{self.user} — {self.project}"


class ShownLine(models.Model):
    """A line of their record a person chose to show on their public profile."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shown_record_lines"
    )
    key = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="unique_shown_line")]

    def __str__(self):
        return self.key


class Attestation(models.Model):
    """A PDF attestation of chosen lines; its number is checked on a public page."""

    number = models.CharField(_("numéro"), max_length=40, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attestations"
    )
    keys = models.JSONField(_("lignes attestées"), default=list)
    language = models.CharField(_("langue"), max_length=8, default="fr")
    issued_at = models.DateTimeField(_("délivrée le"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("attestation de parcours")
        verbose_name_plural = _("attestations de parcours")
        ordering = ["-issued_at"]

    def __str__(self):
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
