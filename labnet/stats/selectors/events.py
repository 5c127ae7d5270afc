"""Public events per campaign, the share organised by labs (CampaignFigures' own
computation) and confirmed registrations: one grouped query."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from labnet.events.campaign_selectors import CampaignFigures
from labnet.events.enums import RegistrationStatus
from labnet.events.models import Event
from labnet.events.rules import public_events_filter

from ..tables import COUNT, PERCENT, TEXT, Column, FigureTable, KeyFigure, Section
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


def events_section(scope: Scope) -> Section:
    confirmed = Q(registrations__status=RegistrationStatus.CONFIRMED)
    grouped = (
        _events(scope)
        .order_by()
        .values_list("campaign__name", "campaign__starts_on")
        .annotate(
            events=Count("pk", distinct=True),
            by_labs=Count("pk", filter=Q(organiser_lab__isnull=False), distinct=True),
            registrations=Count("registrations", filter=confirmed, distinct=True),
        )
    )
    # Campaigns most recent first, events outside any campaign last.
    ordered = sorted(
        grouped,
        key=lambda row: (row[0] is None, -(row[1].toordinal() if row[1] else 0), row[0] or ""),
    )
    rows, overall = [], CampaignFigures(0, 0, 0)
    for name, _starts, events, by_labs, registrations in ordered:
        figures = CampaignFigures(
            event_count=events, registration_count=registrations, lab_event_count=by_labs
        )
        overall = CampaignFigures(
            overall.event_count + events,
            overall.registration_count + registrations,
            overall.lab_event_count + by_labs,
        )
        rows.append(
            (name or _("Hors campagne"), events, by_labs, figures.lab_event_share, registrations)
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
