from django.db import models
from django.utils.translation import gettext_lazy as _


class CallKind(models.TextChoices):
    PROJECTS = "projects", _("appel à projets")
    CONTRIBUTORS = "contributors", _("appel à contributeurs")
    CHALLENGE = "challenge", _("défi d'une administration centrale")


class CallStatus(models.TextChoices):
    """What the owner decided; whether a published call is open also depends on its dates."""

    DRAFT = "draft", _("brouillon")
    PUBLISHED = "published", _("publié")
    CLOSED = "closed", _("clos")
    DECIDED = "decided", _("décidé")


class CallPhase(models.TextChoices):
    """What a reader sees: the stored status read against the call's dates."""

    DRAFT = "draft", _("brouillon")
    UPCOMING = "upcoming", _("bientôt ouvert")
    OPEN = "open", _("ouvert")
    CLOSED = "closed", _("clos")
    DECIDED = "decided", _("décidé")

    @property
    def badge(self) -> str:
        """The DSFR badge colour of this state (`fr-badge--<badge>`; "" for the plain one)."""
        return {
            "open": "success",
            "upcoming": "info",
            "draft": "new",
        }.get(self.value, "warning")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("réponse courte")
    LONG_TEXT = "long_text", _("réponse longue")


class AnswerStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SUBMITTED = "submitted", _("envoyée")
    ACCEPTED = "accepted", _("acceptée")
    REJECTED = "rejected", _("refusée")
    WITHDRAWN = "withdrawn", _("retirée")

    @property
    def badge(self) -> str:
        """The DSFR badge colour of this state (`fr-badge--<badge>`; "" for the plain one)."""
        return {
            "accepted": "success",
            "rejected": "error",
            "withdrawn": "error",
            "draft": "new",
        }.get(self.value, "info")


class AnswerDecision(models.TextChoices):
    ACCEPT = "accept", _("accepter")
    REJECT = "reject", _("refuser")


# Answers the call's owner and reviewers read: never the authors' drafts.
SENT_STATUSES = {AnswerStatus.SUBMITTED, AnswerStatus.ACCEPTED, AnswerStatus.REJECTED}
DECIDED_STATUSES = {AnswerStatus.ACCEPTED, AnswerStatus.REJECTED}
# Answers their authors may still withdraw.
WITHDRAWABLE_STATUSES = {AnswerStatus.DRAFT, AnswerStatus.SUBMITTED}
# Length limits per question kind (characters).
ANSWER_MAX_LENGTH = {QuestionKind.TEXT: 300, QuestionKind.LONG_TEXT: 10_000}
MAX_ATTACHMENTS = 10
