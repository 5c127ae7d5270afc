"""What the calls domain holds about a person (labnet.core.personal_data)."""

from labnet.core.services import audit_forget

from .enums import AnswerStatus
from .models import Answer


def answers_export(user) -> list[dict]:
    """The answers the person wrote or co-authors, with their texts and decisions (never the
    reviewers' scores or comments: those are the call's committee's notes)."""
    # The ids of both sides, united: each side uses its index (an OR over a join, or
    # beside a subquery, scans the whole table), and no DISTINCT over every answer of the network.
    authored = Answer.objects.filter(author=user).order_by().values("pk")
    co_authored = Answer.co_authors.through.objects.filter(user=user).order_by().values("answer_id")
    answers = (
        Answer.objects.filter(pk__in=authored.union(co_authored))
        .select_related("call")
        .prefetch_related("call__questions", "attachments")
    )
    return [
        {
            "call": answer.call.title,
            "call_key": answer.call.key,
            "title": answer.title,
            "status": answer.status,
            "author": answer.author_id == user.pk,
            "responses": [
                {"question": q.label, "answer": answer.response_to(q)}
                for q in answer.call.questions.all()
            ],
            "attachments": [a.name for a in answer.attachments.all()],
            "submitted_at": answer.submitted_at.isoformat() if answer.submitted_at else None,
            "decided_at": answer.decided_at.isoformat() if answer.decided_at else None,
            "decision_message": answer.decision_message,
        }
        for answer in answers.order_by("created_at", "pk")
    ]


def answers_erase(user) -> None:
    """Drafts are only the person's own: they go (with their files). Sent and decided
    answers belong to the call's history and stay, pointing at the anonymised account."""
    drafts = list(Answer.objects.filter(author=user, status=AnswerStatus.DRAFT))
    pks = [draft.pk for draft in drafts]  # delete() sets each instance's pk to None
    for draft in drafts:
        for attachment in draft.attachments.all():
            attachment.file.delete(save=False)
        draft.delete()
    # Their audit entries stay (who did what), without the drafts' titles nor changes.
    audit_forget(Answer, pks)
    Answer.co_authors.through.objects.filter(
        user_id=user.pk, answer__status=AnswerStatus.DRAFT
    ).delete()
