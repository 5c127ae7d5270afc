"""Impact: a project's indicators and their measured values, and the short survey its
author answers when a request closes or a project ends."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Direction, SurveyKind, WithoutLab

VALUE = {"max_digits": 16, "decimal_places": 4}
# How the dataset's unit codes read on a page; any other unit is shown as typed.
UNIT_LABELS = {"percent": "%", "hour": "h", "day": _("j"), "days": _("j")}


class Indicator(models.Model):
    key = models.SlugField(_("clé"), max_length=120, unique=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("nom"), max_length=200)
    unit = models.CharField(_("unité"), max_length=50)
    direction = models.CharField(_("sens souhaité"), max_length=16, choices=Direction.choices)
    baseline_value = models.DecimalField(_("valeur de référence"), null=True, blank=True, **VALUE)
    baseline_on = models.DateField(_("date de référence"), null=True, blank=True)
    target_value = models.DecimalField(_("cible"), null=True, blank=True, **VALUE)
    target_on = models.DateField(_("échéance de la cible"), null=True, blank=True)
    is_public = models.BooleanField(_("publié sur la fiche"), default=False)
    # What the dataset quotes of the stated result, and the document it comes from.
    source_text = models.CharField(_("citation de la source"), max_length=160, blank=True)
    source = models.ForeignKey(
        "core.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["project_id", "name", "pk"]

    def __str__(self):
        return self.name

    @property
    def unit_label(self) -> str:
        return str(UNIT_LABELS.get(self.unit, self.unit))


class Measurement(models.Model):
    """One measured value of an indicator, with where it comes from."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    value = models.DecimalField(_("valeur mesurée"), **VALUE)
    # Null when the source states a result without its date (the seeds' Lab'O figure).
    measured_on = models.DateField(_("date de la mesure"), null=True, blank=True)
    source_document = models.ForeignKey(
        "projects.ProjectDocument",
        verbose_name=_("document du projet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_url = models.URLField(_("lien vers la source"), max_length=500, blank=True)
    source_text = models.TextField(_("source (texte)"), blank=True, max_length=2_000)
    comment = models.TextField(_("commentaire"), blank=True, max_length=2_000)
    # The one value the dataset's row states; re-imports update it instead of adding one.
    is_imported = models.BooleanField(default=False, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("valeur mesurée")
        verbose_name_plural = _("valeurs mesurées")
        # The latest value is the indicator's current one: dated values by date, an
        # undated one (stated by the source) before any dated one.
        ordering = ["indicator_id", models.F("measured_on").asc(nulls_first=True), "pk"]
        indexes = [models.Index(fields=["indicator", "measured_on"], name="measurement_idx")]

    def __str__(self):
        return f"{self.indicator_id}: {self.value}"


class ImpactSurvey(models.Model):
    """The short survey sent when a request closes or a project ends: one per closing,
    answered once through the link of its e-mail (`token`)."""

    kind = models.CharField(_("occasion"), max_length=16, choices=SurveyKind.choices)
    request = models.OneToOneField(
        "intake.Request",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="impact_survey",
    )
    project = models.OneToOneField(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="impact_survey",
    )
    lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("laboratoire"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="impact_surveys",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    email = models.EmailField(_("courriel"), blank=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sent_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    would_have_advanced = models.CharField(
        _("aurait avancé sans le laboratoire"), max_length=8, choices=WithoutLab.choices, blank=True
    )
    what_changed = models.TextField(_("ce qui a changé"), blank=True, max_length=5_000)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1 à 5)"), null=True)

    class Meta:
        verbose_name = _("enquête d'impact")
        verbose_name_plural = _("enquêtes d'impact")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="impact_survey_satisfaction_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"
