"""Calls (for projects, for contributors, for a central administration's challenge), the
answers people send to them, and the reviews a call's reviewers write."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labnet.core.models import CreatedModel, TimestampedModel
from labnet.core.text import NameField

from .enums import AnswerStatus, CallKind, CallPhase, CallStatus, QuestionKind


class Call(TimestampedModel):
    key = models.SlugField(_("clé"), max_length=120, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("nature"), max_length=20, choices=CallKind.choices, db_index=True)
    # None: a national call, opened by the network's coordination.
    owner_lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("laboratoire porteur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    # The central administration that sets a challenge (calls of kind "challenge").
    challenge_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("administration qui pose le défi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenge_calls",
    )
    summary = models.TextField(_("présentation"), max_length=10_000)
    eligibility = models.TextField(_("qui peut répondre"), blank=True, max_length=5_000)
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"), db_index=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("évaluateurs"),
        through="CallReviewer",
        blank=True,
        related_name="reviewed_calls",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("appel")
        verbose_name_plural = _("appels")
        ordering = ["closes_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("calls:call_detail", kwargs={"key": self.key})

    def phase_at(self, now) -> str:
        if self.status == CallStatus.DRAFT:
            return CallPhase.DRAFT
        if self.status == CallStatus.DECIDED:
            return CallPhase.DECIDED
        if self.status == CallStatus.CLOSED or now >= self.closes_at:
            return CallPhase.CLOSED
        if now < self.opens_at:
            return CallPhase.UPCOMING
        return CallPhase.OPEN

    @property
    def phase(self) -> str:
        return self.phase_at(timezone.now())

    def get_phase_display(self) -> str:
        return CallPhase(self.phase).label

    @property
    def is_open(self) -> bool:
        return self.phase == CallPhase.OPEN

    @property
    def phase_badge(self) -> str:
        """The badge colour of its phase, as the enum says (`CallPhase.badge`)."""
        return CallPhase(self.phase).badge if self.phase else ""


class CallReviewer(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reviewer_links")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_reviewer_links"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("évaluateur d'un appel")
        verbose_name_plural = _("évaluateurs des appels")
        constraints = [
            models.UniqueConstraint(fields=["call", "user"], name="unique_reviewer_per_call")
        ]

    def __str__(self):
        return f"{self.user} — {self.call}"


class CallQuestion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("aide"), max_length=300, blank=True)
    required = models.BooleanField(_("obligatoire"), default=True)
    kind = models.CharField(
        _("type de réponse"),
        max_length=20,
        choices=QuestionKind.choices,
        default=QuestionKind.LONG_TEXT,
    )

    class Meta:
        verbose_name = _("question d'un appel")
        verbose_name_plural = _("questions des appels")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label

    @property
    def field_name(self) -> str:
        """The form field (and error key) that holds the answer to this question."""
        return f"q_{self.pk}"


class CallCriterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    label = models.CharField(_("critère"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("coefficient"), default=1)
    max_score = models.PositiveSmallIntegerField(_("note maximale"), default=5)

    class Meta:
        verbose_name = _("critère d'un appel")
        verbose_name_plural = _("critères des appels")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label

    @property
    def field_name(self) -> str:
        return f"c_{self.pk}"


class Answer(TimestampedModel):
    call = models.ForeignKey(
        Call, verbose_name=_("appel"), on_delete=models.PROTECT, related_name="answers"
    )
    # PROTECT: an erased account is anonymised, never deleted, so sent answers stay.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        related_name="call_answers",
    )
    co_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-auteurs"),
        blank=True,
        related_name="coauthored_call_answers",
    )
    title = models.CharField(_("titre"), max_length=200, blank=True)
    # {str(question id): text}. Questions are few and only ever read with their answer.
    responses = models.JSONField(_("réponses"), default=dict, blank=True)
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=AnswerStatus.choices,
        default=AnswerStatus.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_message = models.TextField(_("message de décision"), blank=True, max_length=5_000)
    # Where an accepted answer went: the request created in a lab's inbox, or the lab whose
    # pool the contributors joined.
    request = models.OneToOneField(
        "intake.Request",
        verbose_name=_("demande créée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="call_answer",
    )
    decision_lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("laboratoire destinataire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("réponse à un appel")
        verbose_name_plural = _("réponses aux appels")
        ordering = ["-submitted_at", "-created_at", "-pk"]

    def __str__(self):
        return self.title or str(_("Réponse sans titre"))

    def get_absolute_url(self):
        return reverse("calls:answer_detail", kwargs={"pk": self.pk})

    def response_to(self, question: CallQuestion) -> str:
        return (self.responses or {}).get(str(question.pk), "")

    @property
    def status_badge(self) -> str:
        """The badge colour of its status, as the enum says (`AnswerStatus.badge`)."""
        return AnswerStatus(self.status).badge if self.status else ""


def answer_attachment_path(instance, filename):
    return f"calls/answers/{instance.answer_id}/{filename}"


class AnswerAttachment(CreatedModel):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fichier"), upload_to=answer_attachment_path)
    name = NameField(_("nom"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pièce jointe d'une réponse")
        verbose_name_plural = _("pièces jointes des réponses")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name


class Review(TimestampedModel):
    """One reviewer's scores on an answer and their comment, private to the call's owner."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="call_reviews"
    )
    comment = models.TextField(_("commentaire privé"), blank=True, max_length=5_000)
    # Weighted score out of 20, kept so lists average it in one query.
    total = models.DecimalField(_("note sur 20"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "reviewer"], name="unique_review_per_answer")
        ]

    def __str__(self):
        return f"{self.reviewer} — {self.answer}"


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(CallCriterion, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(_("note"))

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="unique_score_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"
