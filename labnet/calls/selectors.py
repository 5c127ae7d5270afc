"""Reads of the calls domain. Each enforces who may see what (`rules`) and fetches what its
page shows in a fixed number of queries, whatever the number of calls or answers."""

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from labnet.accounts.models import User
from labnet.core.refusals import require

from .enums import SENT_STATUSES, CallKind, CallStatus
from .models import Answer, AnswerAttachment, Call, Review, ReviewScore
from .rules import (
    ANSWERS_REFUSAL,
    authored_answers_filter,
    can_read_reviews,
    can_see_answers,
    is_answer_author,
    is_call_owner,
    managed_calls_filter,
    visible_calls_filter,
)


def _call_related(queryset: QuerySet[Call]) -> QuerySet[Call]:
    return queryset.select_related("owner_lab", "challenge_organisation")


def call_list_open(*, kind: str | None = None) -> QuerySet[Call]:
    """The public list: published calls not yet closed (open now, or opening soon)."""
    now = timezone.now()
    calls = Call.objects.filter(status=CallStatus.PUBLISHED, closes_at__gt=now)
    if kind in CallKind.values:
        calls = calls.filter(kind=kind)
    return _call_related(calls).order_by("closes_at", "pk")


def call_list_managed(*, user) -> QuerySet[Call]:
    """Calls `user` runs or reviews, drafts included, with their count of sent answers
    (a subquery: a page of calls counts the answers of its rows only, not of all 400)."""
    sent = (
        Answer.objects.filter(call=OuterRef("pk"), status__in=SENT_STATUSES)
        .order_by()
        .values("call")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        _call_related(Call.objects.filter(managed_calls_filter(user)))
        .annotate(sent_count=Coalesce(Subquery(sent, output_field=IntegerField()), 0))
        .order_by("-closes_at", "-pk")
    )


def call_list_visible(*, user, kind: str | None = None) -> QuerySet[Call]:
    """For the API: open calls for everyone, plus those `user` runs or reviews."""
    now = timezone.now()
    public = Q(status=CallStatus.PUBLISHED, closes_at__gt=now)
    calls = Call.objects.filter(public | managed_calls_filter(user))
    if kind in CallKind.values:
        calls = calls.filter(kind=kind)
    return (
        _call_related(calls).prefetch_related("questions", "criteria").order_by("closes_at", "pk")
    )


def call_get_visible(*, user, key: str) -> Call:
    """One call with its questions, criteria and reviewers; Call.DoesNotExist if hidden."""
    return (
        _call_related(Call.objects.filter(visible_calls_filter(user)))
        .prefetch_related(
            "questions",
            "criteria",
            Prefetch("reviewers", queryset=User.objects.order_by("email")),
        )
        .get(key=key)
    )


def _answer_related(queryset: QuerySet[Answer]) -> QuerySet[Answer]:
    return queryset.select_related(
        "call", "call__owner_lab", "call__challenge_organisation", "author", "decision_lab"
    ).prefetch_related(
        Prefetch("co_authors", queryset=User.objects.order_by("email")),
        "call__questions",
        "call__criteria",
        "call__reviewers",
        "attachments",
    )


def answer_list_for_author(*, user) -> QuerySet[Answer]:
    """ "Mes réponses": what `user` wrote or co-authors, never anyone else's."""
    return (
        Answer.objects.filter(authored_answers_filter(user))
        .select_related("call", "call__owner_lab", "decision_lab")
        .order_by("-updated_at", "-pk")
    )


def _reviews_of_answer(**filters) -> QuerySet[Review]:
    return Review.objects.filter(answer=OuterRef("pk"), **filters).order_by().values("answer")


def _review_count(**filters):
    # Subqueries rather than a join and GROUP BY: a page of answers computes them for its
    # rows only (ids first, labnet.core.pagination), not for the call's 2,000 answers.
    count = _reviews_of_answer(**filters).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


def _review_average():
    average = _reviews_of_answer().annotate(mean=Avg("total")).values("mean")
    return Subquery(average, output_field=DecimalField(max_digits=4, decimal_places=1))


def answer_list_for_call(*, user, call: Call) -> QuerySet[Answer]:
    """Sent answers to `call` with their reviews' count and mean score, for the call's owner
    side and reviewers only; `my_review_count` says whether `user` reviewed each. On the
    answers `user` wrote or co-authors (`is_mine`), count and mean are None: an applicant
    never reads their scores, whatever their other role on the call."""
    require(can_see_answers(user, call), ANSWERS_REFUSAL)
    mine = authored_answers_filter(user)
    return (
        Answer.objects.filter(call=call, status__in=SENT_STATUSES)
        .select_related("author")
        .annotate(
            is_mine=ExpressionWrapper(mine, output_field=BooleanField()),
            review_count=Case(
                When(mine, then=Value(None)),
                default=_review_count(),
                output_field=IntegerField(),
            ),
            average=Case(
                When(mine, then=Value(None)),
                default=_review_average(),
                output_field=DecimalField(max_digits=4, decimal_places=1),
            ),
            my_review_count=_review_count(reviewer_id=user.pk),
        )
        .order_by("-submitted_at", "-pk")
    )


def answer_get_visible(*, user, pk) -> Answer:
    """One answer if `user` wrote it, co-authors it, or (sent answers only) runs or reviews
    its call; Answer.DoesNotExist otherwise, so a page cannot tell it exists."""
    answer = _answer_related(Answer.objects.all()).get(pk=pk)
    if is_answer_author(user, answer):
        return answer
    if answer.status in SENT_STATUSES and can_see_answers(user, answer.call):
        return answer
    raise Answer.DoesNotExist


def answer_list_visible(*, user) -> QuerySet[Answer]:
    """For the API's /answers/: the caller's own answers with what their page shows."""
    return _answer_related(Answer.objects.filter(authored_answers_filter(user))).order_by(
        "-updated_at", "-pk"
    )


def answer_list_for_call_api(*, user, call: Call) -> QuerySet[Answer]:
    """Sent answers (with their reviews' count and mean) for the owner side and reviewers,
    plus their own; the caller's own only for anyone else."""
    answers = Answer.objects.filter(call=call)
    if can_see_answers(user, call):
        answers = answers.filter(
            Q(status__in=SENT_STATUSES) | authored_answers_filter(user)
        ).annotate(review_count=_review_count(), average=_review_average())
    else:
        answers = answers.filter(authored_answers_filter(user))
    # The call's questions, criteria and reviewers are not part of an answer in a list.
    return (
        answers.select_related(
            "call", "call__owner_lab", "call__challenge_organisation", "author", "decision_lab"
        )
        .prefetch_related(
            Prefetch("co_authors", queryset=User.objects.order_by("email")), "attachments"
        )
        .order_by("-submitted_at", "-pk")
    )


def answer_reviews(*, user, answer: Answer) -> list[Review]:
    """Reviews with their scores: all for the owner side, a reviewer's own for them, none
    for anyone else (applicants never see scores or comments, even on the owner side)."""
    if not can_read_reviews(user, answer):
        return []
    reviews = Review.objects.filter(answer=answer).select_related("reviewer")
    if not is_call_owner(user, answer.call):
        reviews = reviews.filter(reviewer_id=user.pk)
    return list(
        reviews.prefetch_related(
            Prefetch("scores", queryset=ReviewScore.objects.select_related("criterion"))
        )
    )


def answer_attachment_get(*, user, answer_pk, pk) -> AnswerAttachment:
    answer = answer_get_visible(user=user, pk=answer_pk)
    return answer.attachments.get(pk=pk)
