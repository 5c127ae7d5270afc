"""Reads of campaigns: their live figures, the public programme (of a campaign, or of
every campaign and none: the agenda), and the proposals.

Only public events (`rules.public_events_filter`: published or cancelled) count in the
figures and appear in a programme. Figures are computed by the database as subqueries of
the campaign query, so a list of campaigns costs one query whatever its length.
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labnet.accounts.rules import is_coordinator
from labnet.core.french import french_sorted
from labnet.organisations.enums import OrganisationKind
from labnet.territories.models import Region

from .db_columns import confirmed_count
from .enums import Audience, CampaignKind, EventFormat, EventStatus
from .models import Campaign, Event
from .rules import PUBLIC_EVENT_STATUSES, public_events_filter
from .selectors import with_places_taken
from .text_search import event_text_filter, with_event_text

# Programme dates are days as read in mainland France, where most events happen.
PROGRAMME_ZONE = zoneinfo.ZoneInfo("Europe/Paris")
ORGANISER_LAB = "lab"


@dataclass(frozen=True)
class CampaignFigures:
    """What the campaign's own events say, beside what its sources state."""

    event_count: int
    registration_count: int
    lab_event_count: int

    @property
    def lab_event_share(self) -> int | None:
        """Percentage of public events organised by a lab, rounded; None without events."""
        if not self.event_count:
            return None
        return round(100 * self.lab_event_count / self.event_count)


def _count_per_campaign(queryset, campaign_path: str):
    counted = (
        queryset.filter(**{campaign_path: OuterRef("pk")})
        .order_by()
        .values(campaign_path)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def campaigns_with_figures() -> QuerySet[Campaign]:
    """Campaigns with their live figures as annotations (read them with `figures_of`)."""
    public = Event.objects.filter(public_events_filter())
    # The confirmed registrations of its public events: the sum of their places taken,
    # which the database keeps on each event (db_columns), rather than counting the
    # campaign's registrations (16,000 for a national month) on every page.
    confirmed = (
        public.filter(campaign=OuterRef("pk"))
        .order_by()
        .values("campaign")
        .annotate(n=Sum(confirmed_count()))
        .values("n")
    )
    return (
        Campaign.objects.select_related("region", "organiser", "source")
        .annotate(
            live_event_count=_count_per_campaign(public, "campaign"),
            live_lab_event_count=_count_per_campaign(
                public.filter(organiser_lab__isnull=False), "campaign"
            ),
            live_registration_count=Coalesce(
                Subquery(confirmed, output_field=IntegerField()), Value(0)
            ),
        )
        .order_by("-starts_on", "name", "pk")
    )


def figures_of(campaign: Campaign) -> CampaignFigures:
    return CampaignFigures(
        event_count=campaign.live_event_count,
        registration_count=campaign.live_registration_count,
        lab_event_count=campaign.live_lab_event_count,
    )


def campaign_list() -> list[Campaign]:
    """Every campaign, most recent first, each with `.figures`."""
    campaigns = list(campaigns_with_figures())
    for campaign in campaigns:
        campaign.figures = figures_of(campaign)
    return campaigns


def last_national_month() -> Campaign | None:
    """The latest Mois de l'innovation publique with dates, with `.figures` (one query):
    what "the last Mois" means in the network's figures."""
    campaign = (
        campaigns_with_figures()
        .filter(kind=CampaignKind.NATIONAL_MONTH, starts_on__isnull=False)
        .order_by("-starts_on", "pk")
        .first()
    )
    if campaign is not None:
        campaign.figures = figures_of(campaign)
    return campaign


def campaign_get(*, key: str) -> Campaign:
    """One campaign with `.figures`; raises Campaign.DoesNotExist."""
    campaign = campaigns_with_figures().get(key=key)
    campaign.figures = figures_of(campaign)
    return campaign


# The agenda's periods; the campaign page shows both (no period).
UPCOMING = "upcoming"
PAST = "past"


@dataclass(frozen=True)
class ProgrammeFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    region: str = ""
    department: str = ""
    format: str = ""
    audience: str = ""
    # "lab", or an OrganisationKind of the organising administration.
    organiser_kind: str = ""
    # Keys of the organising lab and of the campaign.
    lab: str = ""
    campaign: str = ""
    text: str = ""
    # UPCOMING, PAST, or "" for both. Not a filter the person chose: a view of the list.
    period: str = ""

    @property
    def active(self) -> bool:
        return any(value for name, value in vars(self).items() if name != "period")


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=PROGRAMME_ZONE)


def _first_upcoming_start(now: dt.datetime) -> RawSQL:
    """The earliest start among upcoming public events, as a subquery: a filter that
    changes no result (every upcoming event starts then or later) but tells PostgreSQL
    where upcoming events begin in start order. Without it the planner walked the start
    index from 2024, past 37,000 finished events, to fill the first page (110 ms). The
    minimum is of COALESCE(starts_at, starts_at), not of the plain column, or PostgreSQL
    finds it by that same walk; this way it reads the upcoming range of the programme
    index (3 ms) and the page starts from there (240 -> 67 ms for the agenda)."""
    statuses = [str(status) for status in PUBLIC_EVENT_STATUSES]
    marks = ", ".join(["%s"] * len(statuses))
    # Constant SQL; the statuses and the instant are bound parameters.
    return RawSQL(  # noqa: S611
        f"SELECT MIN(COALESCE(starts_at, starts_at)) FROM events_event "  # noqa: S608
        f"WHERE status IN ({marks}) AND ends_at >= %s",
        (*statuses, now),
    )


def programme_events(
    *,
    campaign: Campaign | None = None,
    filters: ProgrammeFilters | None = None,
    now: dt.datetime | None = None,
) -> QuerySet[Event]:
    """Public events matching `filters` (those of `campaign` only when given), with what a
    programme item shows already joined and their places taken annotated: one query per
    page, whatever its length. Upcoming events come soonest first, past ones latest first."""
    filters = filters or ProgrammeFilters()
    now = now or timezone.now()
    events = Event.objects.filter(public_events_filter())
    if campaign is not None:
        events = events.filter(campaign=campaign)
    if filters.period == UPCOMING:
        # An event still running counts as upcoming: it can still be attended.
        events = events.filter(ends_at__gte=now)
        if connection.vendor == "postgresql" and not filters.lab:
            # SQLite already reads the programme index for this (and is slower with it).
            # One lab's events are read from its own index (event_lab_upcoming_idx): there
            # the hint would only cost its own pass over the network's upcoming events.
            events = events.filter(starts_at__gte=_first_upcoming_start(now))
    elif filters.period == PAST:
        events = events.filter(ends_at__lt=now)
    if filters.date_from:
        # An event still running on the first day counts: it can still be attended.
        events = events.filter(ends_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        events = events.filter(starts_at__lt=_start_of(filters.date_to + dt.timedelta(days=1)))
    if filters.region:
        events = events.filter(region_id=filters.region)
    if filters.department:
        events = events.filter(department_id=filters.department)
    if filters.format:
        events = events.filter(format=filters.format)
    if filters.audience:
        events = events.filter(audience=filters.audience)
    if filters.organiser_kind == ORGANISER_LAB:
        events = events.filter(organiser_lab__isnull=False)
    elif filters.organiser_kind:
        events = events.filter(organiser_organisation__kind=filters.organiser_kind)
    if filters.lab:
        events = events.filter(organiser_lab__key=filters.lab)
    if filters.campaign:
        events = events.filter(campaign__key=filters.campaign)
    if filters.text:
        # From the text index (text_search.py): the same rows as folding four columns.
        events = with_event_text(events).filter(event_text_filter(filters.text))
    return _as_programme(events, filters)


def _as_programme(events: QuerySet[Event], filters: ProgrammeFilters) -> QuerySet[Event]:
    first = "-starts_at" if filters.period == PAST else "starts_at"
    return with_places_taken(
        events.select_related(
            "campaign", "organiser_lab", "organiser_organisation", "region", "department"
        ),
    ).order_by(first, "title", "pk")


def programme_rows(filters: ProgrammeFilters | None = None) -> QuerySet[Event]:
    """What `programme_events` reads for each event, in its order, without its filters:
    the rows of a page whose ids the filtered query found (`IdsFirstPaginator(rows=)`), so
    that the page's query does not apply the filters (a text search) a second time."""
    return _as_programme(Event.objects.all(), filters or ProgrammeFilters())


def campaign_programme(*, campaign: Campaign, filters: ProgrammeFilters | None = None):
    """The campaign's public events matching `filters`, past and upcoming, in date order."""
    return programme_events(campaign=campaign, filters=filters)


def lab_upcoming_events(*, lab, limit: int = 5) -> list[Event]:
    """The next public events a lab organises, for its page (one query)."""
    return list(programme_events(filters=ProgrammeFilters(lab=lab.key, period=UPCOMING))[:limit])


def programme_filter_options() -> dict:
    """The choices of the programme filters (one query: the regions)."""
    return {
        "regions": french_sorted(Region.objects.all(), key=lambda r: r.name),
        "formats": EventFormat.choices,
        "audiences": Audience.choices,
        "organiser_kinds": organiser_kind_choices(),
    }


def organiser_kind_choices() -> list[tuple[str, str]]:
    return [(ORGANISER_LAB, _("un laboratoire d'innovation")), *OrganisationKind.choices]


# --- proposals ------------------------------------------------------------------------


def _proposal_rows() -> QuerySet[Event]:
    return Event.objects.select_related(
        "campaign", "organiser_lab", "organiser_organisation", "region", "created_by"
    )


def proposals_to_review(*, user) -> QuerySet[Event]:
    """What waits for the coordination's decision, oldest first. Empty for anyone else."""
    if not is_coordinator(user):
        return Event.objects.none()
    return (
        _proposal_rows()
        .filter(status=EventStatus.PROPOSED, campaign__isnull=False)
        .order_by("updated_at", "pk")
    )


def proposals_of(*, user) -> QuerySet[Event]:
    """The events a person proposed to campaigns, newest first, whatever their status."""
    if not (user and user.is_authenticated):
        return Event.objects.none()
    return (
        _proposal_rows()
        .filter(created_by=user, campaign__isnull=False)
        .order_by("-created_at", "-pk")
    )


def proposal_get(*, key: str) -> Event:
    """One proposed event with its campaign and organisers; visibility is the caller's
    rule (`campaign_rules.can_see_proposal`). Raises Event.DoesNotExist."""
    return _proposal_rows().select_related("department").get(key=key, campaign__isnull=False)


def proposals_export(user) -> list[dict]:
    """The events a person proposed, for their personal data download. Nothing is erased
    with the account: a proposal belongs to the campaign's history and then points to the
    anonymised account."""
    return [
        {
            "event": event.key,
            "title": event.title,
            "campaign": event.campaign.key,
            "status": event.status,
            "review_message": event.review_message,
            "proposed_at": event.created_at.isoformat(),
        }
        for event in Event.objects.filter(created_by=user, campaign__isnull=False)
        .select_related("campaign")
        .order_by("created_at", "pk")
    ]
