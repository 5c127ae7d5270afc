"""Reviews: a reviewer's scores on an answer, weighted by the call's criteria."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from labnet.calls.audit import CallsAction
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record

from ..models import (
    Answer,
    Review,
    ReviewScore,
)
from ..rules import (
    require_can_review,
)

SCORE_SCALE = Decimal(20)


def _weighted_total(criteria, scores: dict[int, int]) -> Decimal:
    weights = sum(c.weight for c in criteria)
    raw = sum(Decimal(c.weight) * Decimal(scores[c.pk]) / Decimal(c.max_score) for c in criteria)
    return (raw / Decimal(weights) * SCORE_SCALE).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def review_save(
    *, actor, answer: Answer, scores: dict, comment: str = "", channel=AuditEntry.Channel.WEB
) -> Review:
    """A reviewer's scores on every criterion of the call (0 to its maximum) and their
    private comment; saving again replaces them."""
    require_can_review(actor, answer)
    criteria = list(answer.call.criteria.all())
    scores = {int(str(k).removeprefix("c_")): v for k, v in (scores or {}).items()}
    errors, clean = {}, {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        bounds = {"max": criterion.max_score}
        if value in (None, ""):
            errors[criterion.field_name] = _("Notez ce critère, de 0 à %(max)s.") % bounds
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            errors[criterion.field_name] = (
                _("La note est un nombre entier de 0 à %(max)s.") % bounds
            )
            continue
        if not 0 <= value <= criterion.max_score:
            errors[criterion.field_name] = _("La note va de 0 à %(max)s.") % bounds
            continue
        clean[criterion.pk] = value
    if errors:
        raise ValidationError(errors)
    if not criteria:
        raise ValidationError(_("Cet appel n'a pas de critère d'évaluation."), code="no_criteria")
    total = _weighted_total(criteria, clean)
    comment = (comment or "").strip()
    with transaction.atomic():
        review, created = Review.objects.select_for_update().get_or_create(
            answer=answer, reviewer=actor, defaults={"comment": comment, "total": total}
        )
        if not created:
            review.comment, review.total = comment, total
            review.save(update_fields=["comment", "total", "updated_at"])
            review.scores.all().delete()
        ReviewScore.objects.bulk_create(
            [
                ReviewScore(review=review, criterion_id=pk, score=value)
                for pk, value in clean.items()
            ]
        )
        audit_record(
            actor=actor,
            action=CallsAction.REVIEW_SAVE,
            target=answer,
            changes={"scores": {str(k): v for k, v in clean.items()}, "total": str(total)},
            channel=channel,
        )
    return review
