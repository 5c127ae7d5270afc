"""Who may do what with calls. Services and selectors call these; templates mirror them.

- the coordinator opens national calls (no lab) and may act for any call;
- a lab's team (lead or member) opens calls for its lab and runs them (the owner side);
- the reviewers named on a call read its sent answers and score them, never their own;
- nobody decides, scores or reads the reviews of an answer they wrote or co-author;
- an applicant sees the answers they wrote or co-author, never another's, never scores;
- the public reads the description of published calls.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from labnet.accounts.rules import is_coordinator, is_lab_member, lab_roles
from labnet.core.refusals import require

from .enums import AnswerStatus, CallStatus
from .models import Answer, Call, CallReviewer


def can_create_call(user, lab=None) -> bool:
    if is_coordinator(user):
        return True
    return lab is not None and is_lab_member(user, lab)


def is_call_owner(user, call: Call) -> bool:
    """The owner side: the owner lab's team, or the coordination (national calls too)."""
    if is_coordinator(user):
        return True
    return call.owner_lab_id is not None and call.owner_lab_id in lab_roles(user)


def can_open_calls(user) -> bool:
    """The coordination and the labs' teams open calls (for which lab: `can_create_call`)."""
    return is_coordinator(user) or bool(lab_roles(user))


def can_edit_call(user, call: Call) -> bool:
    return call.status != CallStatus.DECIDED and is_call_owner(user, call)


def is_call_reviewer(user, call: Call) -> bool:
    """Uses prefetched reviewers when present (one query for a whole page otherwise)."""
    if not (user and user.is_authenticated):
        return False
    prefetched = getattr(call, "_prefetched_objects_cache", {}).get("reviewers")
    if prefetched is not None:
        return any(reviewer.pk == user.pk for reviewer in prefetched)
    return CallReviewer.objects.filter(call=call, user=user).exists()


ANSWERS_REFUSAL = _("Les réponses sont réservées aux porteurs et aux évaluateurs de l'appel.")
EDIT_REFUSAL = _("Seuls les porteurs de l'appel le modifient, avant décision.")
CREATE_REFUSAL = _("Les équipes des laboratoires et la coordination nationale ouvrent des appels.")
DECIDE_REFUSAL = _("Seuls les porteurs de l'appel décident des réponses.")
REVIEW_REFUSAL = _(
    "Seuls les évaluateurs de l'appel notent ses réponses envoyées, jamais les leurs."
)
OWN_ANSWER_DECISION = _(
    "Vous êtes auteur ou co-auteur de cette réponse : un autre membre de l'équipe qui porte "
    "l'appel en décide."
)


def can_see_answers(user, call: Call) -> bool:
    return is_call_owner(user, call) or is_call_reviewer(user, call)


def is_answer_author(user, answer: Answer) -> bool:
    if not (user and user.is_authenticated):
        return False
    if answer.author_id == user.pk:
        return True
    prefetched = getattr(answer, "_prefetched_objects_cache", {}).get("co_authors")
    if prefetched is not None:
        return any(co_author.pk == user.pk for co_author in prefetched)
    return answer.co_authors.filter(pk=user.pk).exists()


def can_edit_answer(user, answer: Answer) -> bool:
    return answer.status == AnswerStatus.DRAFT and is_answer_author(user, answer)


def can_review(user, answer: Answer) -> bool:
    """Reviewers of the answer's call score sent answers, never one they wrote."""
    return (
        answer.status == AnswerStatus.SUBMITTED
        and is_call_reviewer(user, answer.call)
        and not is_answer_author(user, answer)
    )


def can_read_reviews(user, answer: Answer) -> bool:
    """The owner side and the call's reviewers read reviews, never on an answer they wrote
    or co-author (applicants never see scores, whatever their other role)."""
    return can_see_answers(user, answer.call) and not is_answer_author(user, answer)


def can_decide(user, answer: Answer) -> bool:
    """The owner side decides sent answers, never one its member wrote or co-authors."""
    return (
        answer.status == AnswerStatus.SUBMITTED
        and is_call_owner(user, answer.call)
        and not is_answer_author(user, answer)
    )


def managed_calls_filter(user) -> Q:
    """Calls `user` runs (owner side) or reviews, drafts included."""
    if not (user and user.is_authenticated):
        return Q(pk__in=[])
    if is_coordinator(user):
        return Q()
    reviewed = CallReviewer.objects.filter(user_id=user.pk).values("call_id")
    return Q(owner_lab_id__in=list(lab_roles(user))) | Q(pk__in=reviewed)


def visible_calls_filter(user) -> Q:
    """Published calls for everyone; drafts only on the owner side and for their reviewers."""
    return ~Q(status=CallStatus.DRAFT) | managed_calls_filter(user)


def authored_answers_filter(user) -> Q:
    """Answers `user` wrote or co-authors (a subquery, so co-authors never repeat rows)."""
    if not (user and user.is_authenticated):
        return Q(pk__in=[])
    co_authored = Answer.co_authors.through.objects.filter(user_id=user.pk).values("answer_id")
    return Q(author_id=user.pk) | Q(pk__in=co_authored)


# The refusals (docs/adr/0030-polish-one-way-to-refuse.md): services call them before they
# write, and pages that only show a form call them before showing it.


def require_can_open_calls(user) -> None:
    require(can_open_calls(user), CREATE_REFUSAL)


def require_can_edit_call(user, call: Call) -> None:
    require(can_edit_call(user, call), EDIT_REFUSAL)


def require_can_review(user, answer: Answer) -> None:
    require(can_review(user, answer), REVIEW_REFUSAL)


def require_decider(user, answer: Answer) -> None:
    """The owner side decides, never on an answer its member wrote; whether the answer
    still waits for a decision is the service's check (a ValidationError, not a refusal)."""
    require(is_call_owner(user, answer.call), DECIDE_REFUSAL)
    require(not is_answer_author(user, answer), OWN_ANSWER_DECISION)
