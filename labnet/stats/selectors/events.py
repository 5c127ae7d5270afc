"""Public events per campaign, the share organised by labs (CampaignFigures' own
computation) and confirmed registrations: two grouped queries."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from labnet.events.campaign_selectors import CampaignFigures
from labnet.events.enums import RegistrationStatus
from labnet.events.models import Event, Registration
from labnet.events.rules import public_events_filter

from ..tables import COUNT, PERCENT, TEXT, Column, FigureTable, KeyFigure, Section
from . import from_facts
from .scope import Scope


def _events(scope: Scope):
    queryset = Event.objects.filter(public_events_filter())
    if scope.lab is not None:
        queryset = queryset.filter(organiser_lab=scope.lab)
    if scope.filters.year is not None:
        queryset = queryset.filter(starts_at__year=scope.filters.year)
    if scope.filters.region:
        queryset = queryset.filter(region_id=scope.filters.region)
    return queryset


def _grouped(scope: Scope) -> tuple[list[tuple], dict]:
    """([(campaign id, name, starts on, events, by labs)], {campaign id: registrations})."""
    if scope.facts:
        return from_facts.event_groups(scope)
    events = _events(scope)
    grouped = (
        events.order_by()
        .values_list("campaign_id", "campaign__name", "campaign__starts_on")
        .annotate(
            events=Count("pk"),
            by_labs=Count("pk", filter=Q(organiser_lab__isnull=False)),
        )
    )
    # Registrations in their own grouped query: joined to the events above, a million of
    # them would multiply the rows to count.
    registrations = dict(
        Registration.objects.filter(
            event__in=events.values("pk"), status=RegistrationStatus.CONFIRMED
        )
        .order_by()
        .values_list("event__campaign_id")
        .annotate(n=Count("pk"))
    )
    return list(grouped), registrations


def events_section(scope: Scope) -> Section:
    grouped, registrations = _grouped(scope)
    # Campaigns most recent first, events outside any campaign last.
    ordered = sorted(
        grouped,
        key=lambda row: (row[1] is None, -(row[2].toordinal() if row[2] else 0), row[1] or ""),
    )
    rows, overall = [], CampaignFigures(0, 0, 0)
    for campaign_id, name, _starts, events_count, by_labs in ordered:
        figures = CampaignFigures(
            event_count=events_count,
            registration_count=registrations.get(campaign_id, 0),
            lab_event_count=by_labs,
        )
        overall = CampaignFigures(
            overall.event_count + figures.event_count,
            overall.registration_count + figures.registration_count,
            overall.lab_event_count + figures.lab_event_count,
        )
        rows.append(
            (
                name or _("Hors campagne"),
                figures.event_count,
                figures.lab_event_count,
                figures.lab_event_share,
                figures.registration_count,
            )
        )
    table = FigureTable(
        "events-campaign",
        _("Événements par campagne et part organisée par les laboratoires"),
        (
            Column("campaign", _("Campagne"), TEXT),
            Column("events", _("Événements"), COUNT),
            Column("by_labs", _("Organisés par un laboratoire"), COUNT),
            Column("lab_share", _("Part organisée par les laboratoires (%)"), PERCENT),
            Column("registrations", _("Inscriptions confirmées"), COUNT),
        ),
        tuple(rows),
        charted=("events", "by_labs"),
        note=_("Événements publiés (et annulés, qui restent affichés) ; inscriptions confirmées."),
    )
    return Section(
        "events",
        _("Événements"),
        figures=(
            KeyFigure("events", _("événements publics"), overall.event_count),
            KeyFigure(
                "lab_share",
                _("organisés par un laboratoire"),
                overall.lab_event_share,
                PERCENT,
            ),
        ),
        tables=(table,),
    )
