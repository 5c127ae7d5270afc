"""Campaigns (a month of public innovation, a regional programme), their events and the
registrations to them."""

import uuid
import zoneinfo

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from labnet.core.models import SourcedModel, TimestampedModel
from labnet.core.text import NameField
from labnet.territories.time_zones import TIME_ZONE_CHOICES

from .enums import (
    Attendance,
    Audience,
    CampaignKind,
    EventFormat,
    EventStatus,
    RegistrationStatus,
)


class Campaign(SourcedModel, TimestampedModel):
    key = models.SlugField(_("clé"), max_length=100, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("nature"), max_length=32, choices=CampaignKind.choices)
    edition = models.PositiveSmallIntegerField(_("édition"), null=True, blank=True)
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    organiser = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisateur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    description = models.TextField(_("description"), blank=True, max_length=10_000)
    # Figures the sources state, kept beside the live ones computed from the events here.
    stated_event_count = models.PositiveIntegerField(
        _("nombre d'événements annoncé"), null=True, blank=True
    )
    stated_lab_event_share = models.PositiveSmallIntegerField(
        _("part des événements organisés par des labs annoncée (%)"), null=True, blank=True
    )
    accepts_proposals = models.BooleanField(_("ouverte aux propositions"), default=False)

    class Meta:
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        ordering = ["-starts_on", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:campaign_detail", kwargs={"key": self.key})


class Event(SourcedModel, TimestampedModel):
    """One event: in a place or online, organised by a lab or any administration."""

    key = models.SlugField(_("clé"), max_length=120, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    format = models.CharField(_("format"), max_length=32, choices=EventFormat.choices)
    audience = models.CharField(
        _("public"), max_length=32, choices=Audience.choices, default=Audience.ALL_AGENTS
    )
    description = models.TextField(_("description"), blank=True, max_length=10_000)
    status = models.CharField(
        _("statut"),
        max_length=24,
        choices=EventStatus.choices,
        default=EventStatus.DRAFT,
        db_index=True,
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campagne"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    organiser_lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("laboratoire organisateur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    organiser_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("administration organisatrice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    # Who proposed the event and may manage it (registrations, attendance, export).
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("proposé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events_created",
    )
    # Stored in UTC (USE_TZ); shown in `time_zone`, Europe/Paris unless overseas.
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    time_zone = models.CharField(
        _("fuseau horaire"), max_length=40, choices=TIME_ZONE_CHOICES, default="Europe/Paris"
    )
    is_online = models.BooleanField(_("en ligne"), default=False)
    # Shown only to confirmed registrants and the organisers.
    online_url = models.URLField(_("lien de connexion"), blank=True)
    venue = models.CharField(_("lieu"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    department = models.ForeignKey(
        "territories.Department",
        verbose_name=_("département"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    capacity = models.PositiveIntegerField(
        _("nombre de places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Laisser vide si le nombre de places n'est pas limité."),
    )
    registration_open = models.BooleanField(_("inscriptions ouvertes"), default=True)
    review_message = models.TextField(_("message de la coordination"), blank=True, max_length=5_000)

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["starts_at", "title"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="event_public_idx"),
            # The agenda's default list, upcoming events ("still running" is on the end):
            # without it, counting them reads every public event, past ones included.
            models.Index(fields=["status", "ends_at"], name="event_upcoming_idx"),
            # The agenda's and the API's pages (labnet.core.pagination.IdsFirstPaginator)
            # find their ids from this index alone, filters and sort keys included: SQLite
            # otherwise read 12,000 table rows to sort the upcoming events (129 ms -> 2 ms,
            # 46,000 for the API: 610 ms -> 57 ms, on the benchmark data under load).
            models.Index(
                fields=["status", "ends_at", "starts_at", "title", "region", "format", "audience"],
                name="event_programme_idx",
            ),
            # A lab page's next events: the lab's own upcoming ones, a few dozen, instead
            # of SQLite walking every upcoming event of the network through the index above
            # to keep the lab's (150 ms -> 10 ms for the busiest lab on the benchmark data).
            models.Index(
                fields=["organiser_lab", "status", "ends_at"], name="event_lab_upcoming_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event_detail", kwargs={"key": self.key})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_public(self) -> bool:
        return self.status in (EventStatus.PUBLISHED, EventStatus.CANCELLED)

    @property
    def status_badge(self) -> str:
        """The badge colour of its status, as the enum says (`EventStatus.badge`)."""
        return EventStatus(self.status).badge if self.status else ""


class Registration(models.Model):
    """A person's place at an event, or on its waiting list.

    A signed-in person registers with their account; a visitor gives a name and an e-mail
    and confirms by a link (status PENDING until then, holding no place). `token` is the
    secret of the confirmation and cancellation links; `ics_token` only opens the personal
    calendar file, so a calendar address shared with others cannot cancel the place.
    `position` orders the waiting list.
    """

    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    full_name = NameField(_("nom complet"), max_length=200)
    email = models.EmailField(_("adresse électronique"))
    organisation_name = models.CharField(_("administration"), max_length=200, blank=True)
    status = models.CharField(
        _("statut"), max_length=16, choices=RegistrationStatus.choices, db_index=True
    )
    position = models.PositiveIntegerField(_("rang sur la liste d'attente"), null=True, blank=True)
    attendance = models.CharField(
        _("présence"), max_length=8, choices=Attendance.choices, blank=True, default=""
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ics_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["created_at", "pk"]
        indexes = [
            # Places taken (confirmed registrations of one event), read for every event of
            # a list: counted from the index alone. The organisers' sheet reads one status
            # of one event in order of registration from it too, a page at a time.
            models.Index(fields=["event", "status", "created_at"], name="registration_sheet_idx"),
        ]
        constraints = [
            # One live registration per e-mail and event; cancelled ones stay as history.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(status="cancelled"),
                name="unique_live_registration_per_email",
            )
        ]

    def __str__(self):
        # Not the person's name: this text is copied into the audit trail, which outlives
        # the registration (retention, erasure).
        return _("Inscription n° %(pk)s — %(event)s") % {"pk": self.pk, "event": self.event}

    @property
    def status_badge(self) -> str:
        """The badge colour of its status, as the enum says (`RegistrationStatus.badge`)."""
        return RegistrationStatus(self.status).badge
