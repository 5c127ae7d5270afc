"""Where the network's money comes from and where it goes: funding sources hold envelopes
(which may be split into child envelopes), envelopes give allocations to a lab, a project
or a named outside beneficiary, and allocations are paid in one or several payments.

Money is `Decimal` in euros with cents (`MONEY`). An amount the documents do not state is
NULL, never 0: totals count such amounts apart (docs/adr/0037-funding-money.md). The sums
that must hold (children within their parent, allocations within their envelope, payments
within their allocation) are enforced by `services` under row locks, not here.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import AllocationStatus, FundingSourceKind

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class FundingSource(models.Model):
    key = models.SlugField(_("clé"), max_length=100, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("nature"), max_length=32, choices=FundingSourceKind.choices)
    description = models.TextField(_("description"), blank=True, max_length=5_000)
    source = models.ForeignKey(
        "core.Source", verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("source de financement")
        verbose_name_plural = _("sources de financement")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class Envelope(models.Model):
    key = models.SlugField(_("clé"), max_length=100, unique=True)
    funding_source = models.ForeignKey(
        FundingSource,
        verbose_name=_("source de financement"),
        on_delete=models.PROTECT,
        related_name="envelopes",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("enveloppe parente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("nom"), max_length=200)
    amount_eur = models.DecimalField(
        _("montant (€)"), null=True, blank=True, validators=[MinValueValidator(ZERO)], **MONEY
    )
    year = models.PositiveSmallIntegerField(
        _("année"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    scope = models.CharField(_("périmètre"), max_length=300, blank=True)
    description = models.TextField(_("notes"), blank=True, max_length=5_000)
    source = models.ForeignKey(
        "core.Source", verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("enveloppe")
        verbose_name_plural = _("enveloppes")
        ordering = ["funding_source__name", "-amount_eur", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_eur__isnull=True) | Q(amount_eur__gte=0),
                name="funding_envelope_amount_not_negative",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("funding:envelope_detail", kwargs={"key": self.key})


class Allocation(models.Model):
    """Money (euros), staff support (FTE) or both, from an envelope to one beneficiary:
    a lab, a project, or a named outside beneficiary (e.g. a local authority, its SIRET)."""

    key = models.SlugField(_("clé"), max_length=120, unique=True)
    envelope = models.ForeignKey(
        Envelope, verbose_name=_("enveloppe"), on_delete=models.PROTECT, related_name="allocations"
    )
    lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("laboratoire bénéficiaire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet bénéficiaire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    beneficiary_name = models.CharField(
        _("bénéficiaire hors plateforme"), max_length=300, blank=True
    )
    beneficiary_siret = models.CharField(_("SIRET du bénéficiaire"), max_length=14, blank=True)
    # The beneficiary's region (the lab's or the project's when there is one): what
    # totals per region group by.
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    amount_eur = models.DecimalField(
        _("montant (€)"), null=True, blank=True, validators=[MinValueValidator(ZERO)], **MONEY
    )
    fte = models.DecimalField(
        _("soutien en ETP"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    # "Montant non indiqué": said on purpose, so that an empty amount is never a slip.
    amount_unknown = models.BooleanField(_("montant non indiqué"), default=False)
    year = models.PositiveSmallIntegerField(
        _("année"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    period_start = models.DateField(_("début de la période"), null=True, blank=True)
    period_end = models.DateField(_("fin de la période"), null=True, blank=True)
    status = models.CharField(
        _("statut"),
        max_length=16,
        choices=AllocationStatus.choices,
        default=AllocationStatus.PLANNED,
    )
    convention_signed_on = models.DateField(_("convention signée le"), null=True, blank=True)
    convention_reference = models.CharField(
        _("référence de la convention"), max_length=200, blank=True
    )
    decision = models.TextField(_("décision"), blank=True, max_length=5_000)
    # The SCDL's `notificationUE`: whether the aid was notified to the European Commission
    # as state aid. The network funds public bodies' innovation, so "non" unless the
    # coordination says otherwise for an allocation.
    eu_notified = models.BooleanField(_("aide notifiée à la Commission européenne"), default=False)
    description = models.TextField(_("description"), blank=True, max_length=5_000)
    reporting_notes = models.TextField(_("notes de compte rendu"), blank=True, max_length=10_000)
    source = models.ForeignKey(
        "core.Source", verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attribution")
        verbose_name_plural = _("attributions")
        ordering = ["-year", "key"]
        indexes = [
            # Every column the totals read (funding/selectors/totals.py): the grouped sums
            # read this index alone, never the table's rows; it starts with (envelope,
            # status), the envelope rules' filter. No index starts with the status: a
            # decided status is most rows, and SQLite (no ANALYZE) then looked each one up
            # through such an index instead of reading them in order.
            models.Index(
                fields=[
                    "envelope",
                    "status",
                    "year",
                    "region",
                    "lab",
                    "project",
                    "amount_eur",
                    "amount_unknown",
                    "fte",
                ],
                name="funding_alloc_totals",
            ),
            # The lists' order (newest year first), and the year filter.
            models.Index(fields=["-year", "key"], name="funding_alloc_year_key"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(lab__isnull=False, project__isnull=True, beneficiary_name="")
                    | Q(lab__isnull=True, project__isnull=False, beneficiary_name="")
                    | (Q(lab__isnull=True, project__isnull=True) & ~Q(beneficiary_name=""))
                ),
                name="funding_allocation_one_beneficiary",
            ),
            models.CheckConstraint(
                condition=Q(amount_eur__isnull=True) | Q(amount_eur__gte=0),
                name="funding_allocation_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(amount_unknown=True, amount_eur__isnull=False),
                name="funding_allocation_unknown_has_no_amount",
            ),
        ]

    def __str__(self):
        return f"{self.envelope.name} → {self.beneficiary_label}"

    def get_absolute_url(self):
        return reverse("funding:allocation_detail", kwargs={"key": self.key})

    @property
    def status_enum(self) -> AllocationStatus:
        return AllocationStatus(self.status)

    @property
    def beneficiary_label(self) -> str:
        if self.lab_id:
            return self.lab.name
        if self.project_id:
            return self.project.title
        return self.beneficiary_name

    @property
    def funded_lab(self):
        """The lab that benefits: the lab itself, or the project's lead lab."""
        if self.lab_id:
            return self.lab
        if self.project_id:
            return self.project.lead_lab
        return None


class Payment(models.Model):
    allocation = models.ForeignKey(
        Allocation, verbose_name=_("attribution"), on_delete=models.PROTECT, related_name="payments"
    )
    paid_on = models.DateField(_("date du versement"))
    amount_eur = models.DecimalField(
        _("montant (€)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    reference = models.CharField(_("référence"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistré par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("versement")
        verbose_name_plural = _("versements")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_eur__gt=0), name="funding_payment_amount_positive"
            ),
        ]

    def __str__(self):
        return f"{self.allocation.key} — {self.paid_on.isoformat()}"
