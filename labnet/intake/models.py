"""The single window: an agent's request, from a rough draft to the lab's first answer."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from labnet.core.models import CreatedModel, TimestampedModel
from labnet.core.text import NameField

from . import clock
from .enums import WAITING_ON_LAB, RequestChannel, RequestEventKind, RequestStatus
from .measures import MeasuredRequest, ResponseTimeFigure, first_answer_measures

__all__ = ["ResponseTimeFigure", "first_answer_measures"]  # defined with the measure

# The enums' labels, still lazy: translated when read, in the language of the request.
STATUS_LABELS = dict(RequestStatus.choices)
KIND_LABELS = dict(RequestEventKind.choices)


class Request(MeasuredRequest, TimestampedModel):
    # Tracking pages use this id, never the sequential pk, so requests cannot be enumerated.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=RequestStatus.choices,
        default=RequestStatus.DRAFT,
        db_index=True,
    )
    channel = models.CharField(
        _("canal"), max_length=24, choices=RequestChannel.choices, default=RequestChannel.WEB
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_requests",
    )
    # Kept for requests that arrive from outside (Démarches simplifiées) without an account.
    author_email = models.EmailField(_("courriel de l'auteur"), blank=True)
    author_name = NameField(_("nom de l'auteur"), max_length=200, blank=True)
    co_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-auteurs"),
        blank=True,
        related_name="coauthored_requests",
    )
    # The guided form's steps.
    title = models.CharField(_("titre"), max_length=200, blank=True)
    problem = models.TextField(_("le problème ou l'idée"), blank=True, max_length=5_000)
    affected_people = models.TextField(_("qui en souffre"), blank=True, max_length=5_000)
    tried = models.TextField(_("ce qui a déjà été essayé"), blank=True, max_length=5_000)
    stakeholders = models.TextField(_("qui est impliqué"), blank=True, max_length=5_000)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("administration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    organisation_name = models.CharField(
        _("administration (texte libre)"), max_length=250, blank=True
    )
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    department = models.ForeignKey(
        "territories.Department",
        verbose_name=_("département"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    themes = models.ManyToManyField("labs.Theme", verbose_name=_("thèmes"), blank=True)
    current_step = models.PositiveSmallIntegerField(_("étape du formulaire"), default=1)
    # Routing and triage.
    lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("laboratoire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    routed_automatically = models.BooleanField(
        _("laboratoire choisi par la plateforme"), default=False
    )
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True, db_index=True)
    answer_due_at = models.DateTimeField(_("réponse attendue avant"), null=True, blank=True)
    first_answered_at = models.DateTimeField(_("première réponse le"), null=True, blank=True)
    # The lab whose commitment the first answer is measured against (the lab may change).
    first_answer_lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("laboratoire de la première réponse"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_answer_commitment_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("projet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="origin_request",
    )
    redirect_service = models.CharField(
        _("service vers lequel réorienter"), max_length=300, blank=True
    )
    decline_reason = models.TextField(_("motif du refus"), blank=True, max_length=5_000)
    # Intake from Démarches simplifiées: the dossier number, unique per connected procedure.
    ds_connection = models.ForeignKey(
        "intake.DemarchesConnection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    external_ref = models.CharField(_("référence externe"), max_length=64, blank=True)
    # Optimistic concurrency: a decision taken on a stale page is refused, not merged.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("demande")
        verbose_name_plural = _("demandes")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["ds_connection", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="unique_dossier_per_connection",
            )
        ]
        indexes = [
            # Covering the response-time figures (labnet.intake.stats): the network's and
            # each lab's delays in order, read from the index alone, also for a year.
            models.Index(
                fields=["first_answer_delay", "first_answer_in_time", "submitted_at"],
                condition=models.Q(first_answer_delay__isnull=False),
                name="intake_req_answer_delay",
            ),
            models.Index(
                fields=["first_answer_lab", "first_answer_delay", "first_answer_in_time"],
                condition=models.Q(first_answer_delay__isnull=False),
                name="intake_req_lab_answer_delay",
            ),
            # A lab's requests in one status: the header's count of requests waiting on
            # the lab, on every page its team opens (intake.selectors.header_labs).
            models.Index(fields=["lab", "status"], name="intake_req_lab_status"),
        ]

    def __str__(self):
        return self.title or str(_("Demande sans titre"))

    def get_absolute_url(self):
        return reverse("intake:request_detail", kwargs={"public_id": self.public_id})

    @property
    def author_label(self) -> str:
        """Who sent it: the account's name, or the name an outside form gave."""
        if self.author_id is not None:
            return self.author.full_name or self.author.email
        return self.author_name or self.author_email

    @property
    def is_overdue(self) -> bool:
        """Waiting on its lab past the lab's committed delay."""
        return self.status in WAITING_ON_LAB and clock.is_overdue(due_at=self.answer_due_at)

    @property
    def status_badge(self) -> str:
        """The badge colour of its status, as the enum says (`RequestStatus.badge`)."""
        return RequestStatus(self.status).badge if self.status else ""

    @property
    def status_label(self) -> str:
        """What get_status_display says, translating one label (it translates them all,
        at each call: the API's list of 50 requests called it with their histories)."""
        return str(STATUS_LABELS.get(self.status, self.status))


class RequestEvent(models.Model):
    """One line of a request's history, shown to its authors and to the lab."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("nature"), max_length=24, choices=RequestEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lab = models.ForeignKey(
        "labs.Lab", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_lab = models.ForeignKey(
        "labs.Lab", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"), blank=True, max_length=5_000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("événement de demande")
        verbose_name_plural = _("historique des demandes")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.request}"

    @property
    def kind_label(self) -> str:
        """What get_kind_display says, translating one label (see Request.status_label)."""
        return str(KIND_LABELS.get(self.kind, self.kind))


class BoostSlot(CreatedModel):
    """A short "coup de pouce" session a lab offers; an agent books one for a request."""

    lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("laboratoire"),
        on_delete=models.CASCADE,
        related_name="boost_slots",
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    location = models.CharField(_("lieu ou lien de visioconférence"), max_length=300, blank=True)
    request = models.OneToOneField(
        Request,
        verbose_name=_("demande"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="boost_slot",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("créneau de coup de pouce")
        verbose_name_plural = _("créneaux de coup de pouce")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="boost_slot_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.lab} {self.starts_at:%Y-%m-%d %H:%M}"


class DemarchesConnection(CreatedModel):
    """A lab's procedure on Démarches simplifiées whose new dossiers become requests."""

    lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("laboratoire"),
        on_delete=models.CASCADE,
        related_name="demarches_connections",
    )
    procedure_number = models.PositiveIntegerField(_("numéro de la démarche"))
    # The webhook URL carries this secret: only Démarches simplifiées knows it.
    webhook_token = models.CharField(max_length=64, unique=True, editable=False)
    # Which field of the dossier (by its label) fills which field of the request.
    field_map = models.JSONField(_("correspondance des champs"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("connexion Démarches simplifiées")
        verbose_name_plural = _("connexions Démarches simplifiées")
        constraints = [
            models.UniqueConstraint(
                fields=["lab", "procedure_number"], name="unique_procedure_per_lab"
            )
        ]

    def __str__(self):
        return f"{self.lab} — démarche {self.procedure_number}"


def request_attachment_path(instance, filename):
    # Under the request's public id (not its sequential pk); served only through a view.
    return f"intake/{instance.request.public_id}/{filename}"


class RequestAttachment(models.Model):
    """A file joined to a request (the agent's draft of a project, a note, a photo).

    Checked like the workspace documents (type and size read from the bytes); seen by the
    request's authors, its lab's team and the coordination; copied to the project's
    documents when the lab accepts the request (`project_document`)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="attachments")
    title = NameField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=request_attachment_path)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    project_document = models.ForeignKey(
        "projects.ProjectDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.title
