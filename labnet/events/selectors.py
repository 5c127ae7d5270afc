"""Reads of events and registrations that pages, feeds and the API list.

Visibility is decided here (`rules.public_events_filter`, `rules.can_see_registrations`):
a page, a feed or the API built on these cannot show a draft to a stranger nor an
attendee to anyone but the organisers and the person. Related rows are joined so that a
list costs the same number of queries whatever its length.
"""

from datetime import datetime

from django.db.models import QuerySet

from .db_columns import confirmed_count
from .models import Event, Registration
from .registrations import LIVE_STATUSES
from .rules import can_see_event, public_events_filter

EVENT_RELATED = (
    "campaign",
    "organiser_lab",
    "organiser_organisation",
    "region",
    "department",
)


def with_places_taken(queryset: QuerySet) -> QuerySet:
    """Annotate `places_taken` (confirmed places) in the same query (no query per event
    for "places left"): the event's `confirmed_count`, kept by the database in the
    transaction of every registration write (`db_columns`), so a list reads a number
    rather than counting each event's registrations."""
    return queryset.annotate(places_taken=confirmed_count())


def public_events(
    *,
    formats=None,
    region=None,
    campaign=None,
    organiser_lab=None,
    starts_after: datetime | None = None,
    starts_before: datetime | None = None,
) -> QuerySet:
    """Published and cancelled events, soonest first, with their places taken."""
    queryset = Event.objects.filter(public_events_filter()).select_related(*EVENT_RELATED)
    if formats:
        queryset = queryset.filter(format__in=list(formats))
    if region:
        queryset = queryset.filter(region_id=region)
    if campaign:
        queryset = queryset.filter(campaign__key=campaign)
    if organiser_lab:
        queryset = queryset.filter(organiser_lab__key=organiser_lab)
    if starts_after:
        queryset = queryset.filter(starts_at__gte=starts_after)
    if starts_before:
        queryset = queryset.filter(starts_at__lt=starts_before)
    return with_places_taken(queryset).order_by("starts_at", "title", "pk")


def event_get_visible(*, user, key: str) -> Event:
    """The event `key` if `user` may see it (raises Event.DoesNotExist otherwise, so that a
    draft's existence is not told to strangers)."""
    event = with_places_taken(Event.objects.select_related(*EVENT_RELATED, "created_by")).get(
        key=key
    )
    if not can_see_event(user, event):
        raise Event.DoesNotExist
    return event


def places_left_of(event: Event) -> int | None:
    """From the annotation of `with_places_taken`; None when places are not limited."""
    if event.capacity is None:
        return None
    return max(event.capacity - event.places_taken, 0)


def registration_of_user(*, user, event: Event) -> Registration | None:
    """The signed-in person's live registration to `event`, if any.

    By account only, never by e-mail address: an account's address is not proved, so it
    must not open the registrations a visitor made with that address (they hold their link).
    """
    if not (user and user.is_authenticated):
        return None
    return event.registrations.filter(status__in=LIVE_STATUSES).filter(user=user).first()


def registration_of_visitor(*, event: Event, token) -> Registration | None:
    """A visitor's live registration to `event`, by the secret of its links (kept in the
    visitor's session after they registered)."""
    return event.registrations.filter(status__in=LIVE_STATUSES, token=token).first()


def registrations_of_user(*, user) -> list[Registration]:
    """ "My registrations": one's own, upcoming first then past, cancelled ones included."""
    if not (user and user.is_authenticated):
        return []
    return list(
        Registration.objects.filter(user=user)
        .select_related(*(f"event__{name}" for name in EVENT_RELATED))
        .order_by("-event__starts_at", "-pk")
    )


def feed_events(*, lab=None, campaign=None, region=None) -> QuerySet:
    """The public events of one lab, campaign or region, for a calendar subscription."""
    queryset = Event.objects.filter(public_events_filter()).select_related(*EVENT_RELATED)
    if lab is not None:
        queryset = queryset.filter(organiser_lab=lab)
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    if region is not None:
        queryset = queryset.filter(region=region)
    return queryset.order_by("starts_at", "pk")
