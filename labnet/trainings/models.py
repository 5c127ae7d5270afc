"""Training programmes, their cohorts and sessions, enrolments and attendance.

Times are stored in UTC (USE_TZ) and shown in each session's `time_zone`, Europe/Paris
unless stated otherwise. Figures the sources state (`stated_*`) are kept apart from the
live counts computed from enrolments.
"""

import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from labnet.core.models import CreatedModel, SourcedModel, TimestampedModel
from labnet.territories.time_zones import TIME_ZONE_CHOICES

from .enums import CohortStatus, EnrolmentStatus, ProgrammeKind, StatedRecurrence


class Programme(SourcedModel, TimestampedModel):
    key = models.SlugField(_("clé"), max_length=100, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=32, choices=ProgrammeKind.choices)
    # Organised by an administration (the DITP for the seeds) or by a lab; a lab's members
    # manage its programmes (rules.can_manage_programme).
    organiser_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("administration organisatrice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    organiser_lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("laboratoire organisateur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    audience = models.CharField(_("public"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=10_000)
    started_on = models.DateField(_("date de lancement"), null=True, blank=True)
    completion_rule_percent = models.PositiveSmallIntegerField(
        _("présence requise pour terminer (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Part des séances de la promotion auxquelles il faut avoir assisté."),
    )
    # Stated by a source: never mixed with the counts computed from enrolments here.
    stated_trained_count = models.PositiveIntegerField(
        _("agents formés (annoncé par la source)"), null=True, blank=True
    )
    stated_recurrence = models.CharField(
        _("récurrence annoncée"), max_length=16, choices=StatedRecurrence.choices, blank=True
    )

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")
        ordering = ["name", "key"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("trainings:programme_detail", kwargs={"key": self.key})

    @property
    def organiser_name(self) -> str:
        organiser = self.organiser_lab or self.organiser_organisation
        return str(organiser) if organiser else ""


class Cohort(SourcedModel, TimestampedModel):
    """One promotion of a programme: its sessions, its places and its enrolments."""

    key = models.SlugField(_("clé"), max_length=120, unique=True)
    programme = models.ForeignKey(
        Programme, verbose_name=_("formation"), on_delete=models.PROTECT, related_name="cohorts"
    )
    number = models.PositiveSmallIntegerField(_("numéro"), validators=[MinValueValidator(1)])
    name = models.CharField(_("nom"), max_length=200)
    status = models.CharField(_("statut"), max_length=16, choices=CohortStatus.choices, blank=True)
    starts_on = models.DateField(_("début"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("nombre de places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Laisser vide si le nombre de places n'est pas limité."),
    )
    enrolment_open = models.BooleanField(_("inscriptions ouvertes"), default=False)
    note = models.TextField(_("note"), blank=True, max_length=2_000)
    # Labs whose agents took part, as the sources state it (e.g. the first CLIP cohort).
    member_labs = models.ManyToManyField(
        "labs.Lab", verbose_name=_("labs participants"), blank=True, related_name="cohorts"
    )

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["programme_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="unique_cohort_number_per_programme"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("trainings:cohort_detail", kwargs={"key": self.key})

    @property
    def status_badge(self) -> str:
        """The badge colour of its status, as the enum says (`CohortStatus.badge`)."""
        return CohortStatus(self.status).badge if self.status else ""


class Recurrence(CreatedModel):
    """An RFC 5545 rule the sessions of a cohort are generated from (monthly co-development).

    The first session is `start_date` at `start_time`, wall time in `time_zone`: every
    occurrence keeps that local time across daylight-saving changes.
    """

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("promotion"), on_delete=models.CASCADE, related_name="recurrences"
    )
    title = models.CharField(_("intitulé des séances"), max_length=200)
    rule = models.CharField(
        _("règle de récurrence (RRULE)"),
        max_length=300,
        help_text=_("Au format iCalendar, ex. FREQ=MONTHLY;BYDAY=2TU (2e mardi du mois)."),
    )
    start_date = models.DateField(_("première séance"))
    start_time = models.TimeField(_("heure de début"))
    duration_minutes = models.PositiveIntegerField(
        _("durée (minutes)"), validators=[MinValueValidator(1)]
    )
    time_zone = models.CharField(
        _("fuseau horaire"), max_length=40, choices=TIME_ZONE_CHOICES, default="Europe/Paris"
    )
    until = models.DateField(_("jusqu'au"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("nombre de séances"), null=True, blank=True)
    is_online = models.BooleanField(_("en ligne"), default=False)
    place = models.CharField(_("lieu"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("récurrence")
        verbose_name_plural = _("récurrences")
        ordering = ["cohort_id", "pk"]

    def __str__(self):
        return f"{self.title} ({self.rule})"


class RecurrenceException(models.Model):
    """One occurrence left out (`moved_to` empty) or moved to another local date and time."""

    recurrence = models.ForeignKey(
        Recurrence,
        verbose_name=_("récurrence"),
        on_delete=models.CASCADE,
        related_name="exceptions",
    )
    occurrence_date = models.DateField(_("date de la séance concernée"))
    # Naive local wall time in the recurrence's time zone, like start_date + start_time.
    moved_to_date = models.DateField(_("déplacée au"), null=True, blank=True)
    moved_to_time = models.TimeField(_("à"), null=True, blank=True)

    class Meta:
        verbose_name = _("exception de récurrence")
        verbose_name_plural = _("exceptions de récurrence")
        ordering = ["occurrence_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["recurrence", "occurrence_date"], name="unique_exception_per_occurrence"
            )
        ]

    def __str__(self):
        return str(self.occurrence_date)


class Session(CreatedModel):
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("promotion"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("intitulé"), max_length=200)
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    time_zone = models.CharField(
        _("fuseau horaire"), max_length=40, choices=TIME_ZONE_CHOICES, default="Europe/Paris"
    )
    is_online = models.BooleanField(_("en ligne"), default=False)
    online_url = models.URLField(_("lien de connexion"), blank=True)
    place = models.CharField(_("lieu"), max_length=300, blank=True)
    is_cancelled = models.BooleanField(_("annulée"), default=False)
    # Set for sessions generated from a recurrence: which occurrence this is, so that
    # generating again updates the same rows instead of adding new ones.
    recurrence = models.ForeignKey(
        Recurrence,
        verbose_name=_("récurrence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    occurrence_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="training_session_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["recurrence", "occurrence_date"],
                condition=models.Q(recurrence__isnull=False),
                name="unique_session_per_occurrence",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Enrolment(models.Model):
    """A person's place in a cohort, or their rank on its waiting list (`position`)."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("promotion"), on_delete=models.PROTECT, related_name="enrolments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="training_enrolments",
    )
    # The person's lab when they enrolled, for the counts per lab (memberships change).
    lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("laboratoire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_enrolments",
    )
    status = models.CharField(
        _("statut"), max_length=16, choices=EnrolmentStatus.choices, db_index=True
    )
    position = models.PositiveIntegerField(_("rang sur la liste d'attente"), null=True, blank=True)
    completed_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    certificate_number = models.CharField(
        _("numéro d'attestation"), max_length=32, blank=True, default=""
    )
    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inscription à une formation")
        verbose_name_plural = _("inscriptions à une formation")
        ordering = ["created_at", "pk"]
        constraints = [
            # One live enrolment per person and cohort; cancelled ones stay as history.
            models.UniqueConstraint(
                fields=["cohort", "user"],
                condition=~models.Q(status="cancelled"),
                name="unique_live_enrolment",
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~models.Q(certificate_number=""),
                name="unique_certificate_number",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.cohort}"

    @property
    def status_badge(self) -> str:
        """The badge colour of its status, as the enum says (`EnrolmentStatus.badge`)."""
        return EnrolmentStatus(self.status).badge

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class SessionAttendance(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("séance"), on_delete=models.CASCADE, related_name="attendances"
    )
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("inscription"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    present = models.BooleanField(_("présent"), default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("noté par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("noté le"), auto_now=True)

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        ordering = ["session_id", "enrolment_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="unique_attendance_per_session"
            )
        ]

    def __str__(self):
        return f"{self.enrolment} — {self.session}"
