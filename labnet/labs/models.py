from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from labnet.core.models import SourcedModel, TimestampedModel
from labnet.core.text import NameField

from .enums import LabKind, LabMission, LabStatus


class Theme(SourcedModel):
    """A subject labs and projects work on, from the taxonomy the network keeps."""

    key = models.SlugField(_("clé"), max_length=64, unique=True)
    name_fr = models.CharField(_("nom"), max_length=120)
    name_en = models.CharField(_("nom en anglais"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["name_fr"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language: the English name the dataset gives
        (data/network/themes.csv) under /en/, the French one otherwise or when it has none.

        Themes are rows, not choices, so the catalogue cannot translate them; their English
        name travels with the data (docs/adr/0031-polish-reference-data-in-english.md).
        """
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name_fr


class Network(models.Model):
    """A network labs belong to (e.g. the DITP's network of territorial labs)."""

    key = models.SlugField(_("clé"), max_length=64, unique=True)
    name = models.CharField(_("nom"), max_length=200)

    class Meta:
        verbose_name = _("réseau")
        verbose_name_plural = _("réseaux")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Lab(SourcedModel, TimestampedModel):
    key = models.SlugField(_("clé"), max_length=100, unique=True)
    name = NameField(_("nom"), max_length=200)
    kind = models.CharField(_("nature"), max_length=32, choices=LabKind.choices, db_index=True)
    status = models.CharField(
        _("statut"), max_length=32, choices=LabStatus.choices, default=LabStatus.ACTIVE
    )
    # When a closed lab closed, if known; only a closed lab has one (see Meta).
    closed_on = models.DateField(_("fermé le"), null=True, blank=True)
    host = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("structure de rattachement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_labs",
    )
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="labs",
    )
    departments = models.ManyToManyField(
        "territories.Department", verbose_name=_("départements"), blank=True, related_name="labs"
    )
    founded_year = models.PositiveSmallIntegerField(
        _("année de création"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    # None: not stated (most source documents say nothing about it).
    is_itinerant = models.BooleanField(_("itinérant"), null=True, blank=True, default=None)
    networks = models.ManyToManyField(
        Network, verbose_name=_("réseaux"), blank=True, related_name="labs"
    )
    # A fixed list of five values, displayed, never joined on: a JSON list is enough.
    missions = models.JSONField(_("missions"), default=list, blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thèmes"), blank=True, related_name="labs"
    )
    summary = models.TextField(_("présentation"), blank=True, max_length=2_000)
    email = models.EmailField(_("courriel de contact"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    team_fte = models.DecimalField(
        _("équipe (ETP)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    # The lab's public commitment to a first answer on its single window (24 h by default,
    # as the network's accelerator committed to).
    first_answer_hours = models.PositiveSmallIntegerField(
        _("délai de première réponse (heures)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )

    class Meta:
        verbose_name = _("laboratoire")
        verbose_name_plural = _("laboratoires")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(status=LabStatus.CLOSED),
                name="lab_closed_on_only_when_closed",
                violation_error_message=_("Seul un laboratoire fermé a une date de fermeture."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("www:lab_detail", kwargs={"key": self.key})

    @property
    def status_badge(self) -> str:
        """The badge colour of its status, as the enum says (`LabStatus.badge`)."""
        return LabStatus(self.status).badge if self.status else ""

    @property
    def status_text(self) -> str:
        """The status as a badge says it: « fermé le 3 mars 2023 », « statut non renseigné »."""
        if self.status == LabStatus.NOT_STATED:
            return gettext("statut non renseigné")
        if self.status == LabStatus.CLOSED and self.closed_on:
            return gettext("fermé le %(date)s") % {"date": date_format(self.closed_on, "j F Y")}
        return self.get_status_display()

    def mission_labels(self):
        labels = dict(LabMission.choices)
        return [labels[m] for m in self.missions if m in labels]


class LabContributor(models.Model):
    """A person in a lab's pool of contributors: not on its team, called on for projects.

    People join it when a lab accepts their answer to a call for contributors, or when the
    lab's team adds them. Being in a pool gives no right on the lab's projects.
    """

    lab = models.ForeignKey(
        Lab, verbose_name=_("laboratoire"), on_delete=models.CASCADE, related_name="contributors"
    )
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="lab_contributions",
    )
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("contributeur d'un laboratoire")
        verbose_name_plural = _("contributeurs des laboratoires")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "user"], name="unique_contributor_per_lab")
        ]

    def __str__(self):
        return f"{self.user} — {self.lab}"
