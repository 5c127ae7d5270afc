"""Reads of the single window. Each enforces who may see what (`rules`) and fetches what
its page shows in a fixed number of queries, whatever the number of requests."""

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.accounts.rules import is_coordinator
from labnet.core.french import de
from labnet.core.refusals import require
from labnet.labs.enums import LabStatus
from labnet.labs.models import Lab, Theme

from .enums import (
    ALLOWED_DECISIONS,
    OPEN_STATUSES,
    WITHDRAWABLE_STATUSES,
    RequestDecision,
    RequestStatus,
)
from .models import BoostSlot, Request, RequestEvent
from .rules import (
    authored_requests_filter,
    can_decide,
    can_edit_draft,
    can_see_inbox,
    is_request_author,
    visible_requests_filter,
)


def _themes_prefetch() -> Prefetch:
    return Prefetch("themes", queryset=Theme.objects.order_by("name_fr", "key"))


def request_list_for_author(*, user) -> QuerySet[Request]:
    """ "Mes demandes": what `user` wrote or co-authors, drafts first, then the newest."""
    drafts_first = Case(
        When(status=RequestStatus.DRAFT, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Request.objects.filter(authored_requests_filter(user))
        .select_related("lab")
        .order_by(drafts_first, "-submitted_at", "-updated_at", "-pk")
    )


def _events_prefetch() -> Prefetch:
    return Prefetch(
        "events",
        queryset=RequestEvent.objects.select_related("actor", "lab", "to_lab").order_by(
            "created_at", "pk"
        ),
    )


def request_get_visible(*, user, public_id) -> Request:
    """One request with its history if `user` may read it; Request.DoesNotExist otherwise
    (so a page cannot tell a hidden request from one that does not exist)."""
    return (
        Request.objects.filter(visible_requests_filter(user))
        .select_related(
            "lab",
            "lab__region",
            "author",
            "organisation",
            "region",
            "department",
            "project",
            "first_answer_lab",
            "boost_slot",
        )
        .prefetch_related(_themes_prefetch(), "co_authors", _events_prefetch())
        .get(public_id=public_id)
    )


def request_get_draft(*, user, public_id) -> Request:
    """A draft `user` may edit (author or co-author); Request.DoesNotExist otherwise."""
    return (
        Request.objects.filter(authored_requests_filter(user), status=RequestStatus.DRAFT)
        .select_related("organisation", "region", "department", "author")
        .prefetch_related(_themes_prefetch(), "co_authors")
        .get(public_id=public_id)
    )


@dataclass
class Inbox:
    lab: Lab
    # Waiting on the lab, the most urgent first (overdue ones are the earliest due).
    waiting: list = field(default_factory=list)
    # Open but waiting on someone else: the author's answer, a boost session.
    in_progress: list = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(1 for request in self.waiting if request.is_overdue)


def _require_inbox(user, lab: Lab) -> None:
    require(
        can_see_inbox(user, lab),
        _(
            "La boîte de réception %(of_lab)s est réservée à son équipe et à la coordination "
            "nationale."
        )
        % {"of_lab": de(lab.name)},
    )


def lab_inbox(*, user, lab: Lab) -> Inbox:
    """The requests open at `lab`, for its team and the coordinator (PermissionDenied else).

    One query: the requests with their author, organisation, department and boost slot.
    """
    _require_inbox(user, lab)
    waiting_first = Case(
        When(status=RequestStatus.SUBMITTED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    requests = (
        Request.objects.filter(lab=lab, status__in=OPEN_STATUSES)
        .select_related("author", "organisation", "department", "boost_slot")
        .order_by(waiting_first, "answer_due_at", "submitted_at", "pk")
    )
    inbox = Inbox(lab=lab)
    for request in requests:
        request.lab = lab  # no query per row for the clock's commitment
        if request.status == RequestStatus.SUBMITTED:
            inbox.waiting.append(request)
        else:
            inbox.in_progress.append(request)
    return inbox


def receiving_labs() -> QuerySet[Lab]:
    """Labs a request may be sent or passed on to: the active ones."""
    return Lab.objects.filter(status=LabStatus.ACTIVE).select_related("region").order_by("name")


def lab_free_boost_slots(*, lab: Lab, now=None) -> QuerySet[BoostSlot]:
    """The lab's slots still to come that nobody booked, soonest first."""
    return BoostSlot.objects.filter(
        lab=lab, request__isnull=True, starts_at__gt=now or timezone.now()
    ).order_by("starts_at", "pk")


def lab_boost_slots(*, user, lab: Lab, now=None) -> QuerySet[BoostSlot]:
    """The lab's slots to come, free or booked (with the booking request), for its team."""
    _require_inbox(user, lab)
    return (
        BoostSlot.objects.filter(lab=lab, ends_at__gt=now or timezone.now())
        .select_related("request")
        .order_by("starts_at", "pk")
    )


def request_similar_projects(*, request: Request, user, limit: int = 5) -> list:
    """The network's projects most like this request (`search.selectors.similar_projects`),
    among those `user` may see; the project the request became is left out."""
    from labnet.search.selectors import similar_projects

    text = "\n".join(
        part
        for part in (request.title, request.problem, request.affected_people, request.tried)
        if part
    )
    return similar_projects(
        text=text,
        user=user,
        limit=limit,
        exclude_ids=[request.project_id] if request.project_id else (),
    )


def request_list_visible(*, user, lab: Lab | None = None) -> QuerySet[Request]:
    """The API's list: one's own requests; a lab's inbox for its team (or the coordinator);
    every sent request, and one's own drafts, for the coordinator."""
    if lab is not None:
        _require_inbox(user, lab)
        requests = Request.objects.filter(lab=lab, status__in=OPEN_STATUSES)
    elif is_coordinator(user):
        requests = Request.objects.filter(visible_requests_filter(user))
    else:
        requests = Request.objects.filter(authored_requests_filter(user))
    return (
        requests.select_related("lab", "author", "organisation", "region", "department", "project")
        .prefetch_related(_themes_prefetch(), "co_authors", _events_prefetch())
        # Drafts (never sent) first on both databases, then the most recently sent.
        .order_by(F("submitted_at").desc(nulls_first=True), "-created_at", "-pk")
    )


def request_list_count(*, user, lab: Lab | None = None) -> int | None:
    """How many `request_list_visible` lists, when it can be counted faster than by the
    list's own query; None otherwise (one's own requests, an inbox: few, indexed).

    The coordinator's list is every sent request plus their own drafts: two disjoint sets,
    each counted from the index on status alone, where the list's OR (author, co-author,
    status) makes the database read every request row to count them."""
    if lab is not None or not is_coordinator(user):
        return None
    sent = Request.objects.exclude(status=RequestStatus.DRAFT).count()
    drafts = Request.objects.filter(authored_requests_filter(user), status=RequestStatus.DRAFT)
    return sent + drafts.count()


def lab_by_key(*, key: str) -> Lab:
    """A lab for the single window's pages: its region (for its local time) and nothing more."""
    return Lab.objects.select_related("region").get(key=key)


def header_labs(*, user) -> list[Lab]:
    """The labs whose team `user` is in, each with `waiting_count` (requests waiting on the
    lab's answer), for the header's "Mon laboratoire" menu.

    One query, none for an anonymous visitor or for a user already known (from
    `accounts.rules.lab_roles`) to belong to no team; it fills that cache when empty.
    """
    if not (user and user.is_authenticated):
        return []
    roles = getattr(user, "_lab_roles", None)
    if roles is not None and not roles:
        return []
    # Counted per lab by a subquery on (lab, status): a join would read every request of
    # the lab (3,000 for the busiest) to count the few waiting.
    waiting = (
        Request.objects.filter(lab=OuterRef("pk"), status=RequestStatus.SUBMITTED)
        .order_by()
        .values("lab")
        .annotate(n=Count("pk"))
        .values("n")
    )
    labs = list(
        Lab.objects.filter(memberships__user=user)
        .annotate(
            role=F("memberships__role"),
            waiting_count=Coalesce(Subquery(waiting, output_field=IntegerField()), 0),
        )
        .only("pk", "key", "name")
        .order_by("name", "pk")
    )
    if roles is None:
        user._lab_roles = {lab.pk: lab.role for lab in labs}
        user._lab_keys = {lab.pk: lab.key for lab in labs}
    return labs


@dataclass(frozen=True)
class RequestActions:
    """What a viewer may do on a request now: the domain's answer, read by the tracking page
    and the API so neither works it out from status constants."""

    is_author: bool = False
    # On the request's lab team, the request sent (the team view, people suggestions).
    can_decide: bool = False
    decisions: tuple = ()  # the `RequestDecision`s allowed in the request's state
    can_book_boost: bool = False
    can_provide_info: bool = False
    can_withdraw: bool = False
    can_edit_draft: bool = False

    @property
    def names(self) -> list[str]:
        """The actions as stable names, decisions first (the API's `actions`)."""
        flags = {
            "book_boost": self.can_book_boost,
            "provide_info": self.can_provide_info,
            "withdraw": self.can_withdraw,
            "edit_draft": self.can_edit_draft,
        }
        return [str(d) for d in self.decisions] + [name for name, on in flags.items() if on]


def request_actions_available(*, user, obj: Request) -> RequestActions:
    """The actions `user` may take on the request `obj`, by the rules and its state
    (`enums.ALLOWED_DECISIONS`, `WITHDRAWABLE_STATUSES`). The services check the same rules
    again when the action is taken."""
    is_author = is_request_author(user, obj)
    deciding = can_decide(user, obj)
    return RequestActions(
        is_author=is_author,
        can_decide=deciding,
        decisions=tuple(
            decision
            for decision in RequestDecision
            if deciding and decision in ALLOWED_DECISIONS.get(obj.status, set())
        ),
        can_book_boost=is_author and obj.status == RequestStatus.BOOST_OFFERED,
        can_provide_info=is_author and obj.status == RequestStatus.WAITING_AUTHOR,
        can_withdraw=is_author and obj.status in WITHDRAWABLE_STATUSES,
        can_edit_draft=can_edit_draft(user, obj),
    )
