"""Who may do what with requests. Services and selectors call these; templates mirror them.

- an agent sees the requests they wrote or co-author, drafts included;
- a lab's team sees the requests sent to the lab, and those it passed on to another lab
  (they stay in its history); it never sees drafts;
- the coordinator sees every sent request;
- only the team of the request's current lab decides on it.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from labnet.accounts.rules import is_coordinator, is_lab_member, lab_roles
from labnet.core.refusals import require

from .enums import RequestEventKind, RequestStatus
from .models import Request, RequestEvent


def member_lab_ids(user) -> list[int]:
    """The labs `user` belongs to, sharing `accounts.rules.lab_role`'s per-user cache."""
    return list(lab_roles(user))


def authored_requests_filter(user) -> Q:
    """Requests `user` wrote or co-authors: the ids of both in one subquery (a UNION, so
    co-authors never repeat rows). Written `author_id = x OR pk IN (...)`, PostgreSQL read
    every request to test the OR (56 ms over 50,000); the UNION is two index lookups."""
    if not (user and user.is_authenticated):
        return Q(pk__in=[])
    written = Request.objects.filter(author_id=user.pk).order_by().values("pk")
    co_authored = (
        Request.co_authors.through.objects.filter(user_id=user.pk).order_by().values("request_id")
    )
    return Q(pk__in=written.union(co_authored))


def visible_requests_filter(user) -> Q:
    """The requests `user` may read (see the module docstring)."""
    own = authored_requests_filter(user)
    if not (user and user.is_authenticated):
        return own
    sent = ~Q(status=RequestStatus.DRAFT)
    if is_coordinator(user):
        return own | sent
    lab_ids = member_lab_ids(user)
    if not lab_ids:
        return own
    passed_on = RequestEvent.objects.filter(
        kind=RequestEventKind.REDIRECTED_LAB, lab_id__in=lab_ids
    ).values("request_id")
    return own | (sent & (Q(lab_id__in=lab_ids) | Q(pk__in=passed_on)))


def is_request_author(user, request: Request) -> bool:
    """The author or a co-author (uses prefetched co-authors when present)."""
    if not (user and user.is_authenticated):
        return False
    if request.author_id == user.pk:
        return True
    prefetched = getattr(request, "_prefetched_objects_cache", {}).get("co_authors")
    if prefetched is not None:
        return any(co_author.pk == user.pk for co_author in prefetched)
    return request.co_authors.filter(pk=user.pk).exists()


def can_edit_draft(user, request: Request) -> bool:
    return request.status == RequestStatus.DRAFT and is_request_author(user, request)


def can_see_inbox(user, lab) -> bool:
    """A lab's inbox: its team, and the coordinator who follows every lab."""
    return is_coordinator(user) or is_lab_member(user, lab)


def can_triage(user, lab) -> bool:
    """Deciding on requests and publishing boost slots is the lab team's own work."""
    return lab is not None and is_lab_member(user, lab)


def can_decide(user, request: Request) -> bool:
    return request.status != RequestStatus.DRAFT and can_triage(user, request.lab)


# The refusals (docs/adr/0030-polish-one-way-to-refuse.md): the services call them before
# they write, and the pages call them before showing or reading a form.


def require_can_decide(user, request: Request) -> None:
    require(
        can_decide(user, request),
        _("Seule l'équipe du laboratoire de la demande peut y répondre."),
    )


def require_request_author(user, request: Request) -> None:
    """What only the request's authors do (answer a question, withdraw, book a slot); each
    service says again, under its row lock, which of these it refuses."""
    require(
        is_request_author(user, request),
        _("Seuls l'auteur et les co-auteurs de la demande peuvent faire cela."),
    )
