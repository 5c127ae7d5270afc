"""The network dataset's campaigns.csv and events.csv: their specs and loaders.

Declared in `IMPORT_FILES`, which the importer discovers, so `import_network` validates
and loads them in the same all-or-nothing transaction as the other files.

The dataset's events are dated by day only (the documents give no hours). They are
stored as 09:00–18:00 in the time zone of their region (Europe/Paris when none), the
usual span of a working day's event; the description keeps what the source says. They
are public facts: a new one is published; a later status change made in LabNet (a
cancellation) is kept on re-import, since the file has no status column.
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass, replace

from django.utils import timezone

from labnet.core.importing import (
    Boolean,
    Choice,
    Column,
    Count,
    Counts,
    CrossFileView,
    Date,
    FileSpec,
    ImportFile,
    Invalid,
    Issue,
    Key,
    LoadContext,
    Text,
    ValidatedFile,
    free_text,
    max_len,
    source_column,
    upsert,
)
from labnet.labs.models import Lab
from labnet.organisations.models import Organisation
from labnet.territories.import_specs import region_column
from labnet.territories.models import Region
from labnet.territories.time_zones import TIME_ZONE_CHOICES

from .enums import CampaignKind, EventFormat, EventStatus
from .models import Campaign, Event

DAY_STARTS, DAY_ENDS = dt.time(9, 0), dt.time(18, 0)
DEFAULT_ZONE = "Europe/Paris"


@dataclass(frozen=True)
class Percentage:
    """A stated share in percent: "33" or "33.3", kept as a whole percentage."""

    empty = None
    schema_type = "number"

    def __call__(self, raw: str) -> int:
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            raise Invalid(f"« {raw} » n'est pas un pourcentage (ex. 33).") from None
        if not 0 <= value <= 100:
            raise Invalid(f"« {raw} » est hors de la plage permise (0 à 100).")
        return round(value)


def campaign_dates_in_order(validated: ValidatedFile, view: CrossFileView) -> list[Issue]:
    return _ends_not_before_starts(validated)


def _ends_not_before_starts(validated: ValidatedFile) -> list[Issue]:
    issues = []
    for row in validated.rows:
        starts_on, ends_on = row.values.get("starts_on"), row.values.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            issues.append(
                Issue(
                    validated.label,
                    row.number,
                    "ends_on",
                    ends_on.isoformat(),
                    f"la fin ({ends_on.isoformat()}) est avant le début ({starts_on.isoformat()}).",
                    validated.row_word,
                )
            )
    return issues


def events_within_their_campaign(validated: ValidatedFile, view: CrossFileView) -> list[Issue]:
    """An event's days are in order and fall within its campaign's dates, when they are
    known (data-format.md §5)."""
    issues = _ends_not_before_starts(validated)
    dates = {
        key: (starts_on, ends_on)
        for key, starts_on, ends_on in Campaign.objects.values_list("key", "starts_on", "ends_on")
    }
    campaigns = view.validated.get("campaigns")
    if campaigns is not None:
        dates.update(
            {r.key: (r.values.get("starts_on"), r.values.get("ends_on")) for r in campaigns.rows}
        )
    for row in validated.rows:
        key = row.values.get("campaign_key")
        if not key or key not in dates:
            continue
        first, last = dates[key]
        starts_on = row.values["starts_on"]
        ends_on = row.values.get("ends_on") or starts_on
        outside = (first and starts_on < first) or (last and ends_on > last)
        if outside:
            span = (
                f"du {first.isoformat() if first else '…'} au {last.isoformat() if last else '…'}"
            )
            issues.append(
                Issue(
                    validated.label,
                    row.number,
                    "starts_on",
                    starts_on.isoformat(),
                    f"l'événement doit se tenir pendant sa campagne « {key} » ({span}).",
                    validated.row_word,
                )
            )
    return issues


CAMPAIGNS = FileSpec(
    name="campaigns",
    model=Campaign,
    key="key",
    unknown_reference="« {value} » n'est pas une clé de campagne connue.",
    name_column="name",
    rules=(campaign_dates_in_order,),
    columns=(
        Column("key", Key(max_len(Campaign, "key")), required=True),
        Column("name", Text(max_len(Campaign, "name")), required=True),
        Column("kind", Choice.of(CampaignKind), required=True),
        Column("edition", Count(minimum=1, maximum=32767)),
        Column("starts_on", Date()),
        Column("ends_on", Date()),
        region_column(),
        Column(
            "organiser_key",
            Key(max_len(Organisation, "key")),
            attr="organiser",
            ref="organisations",
        ),
        Column("stated_event_count", Count()),
        Column("stated_lab_event_share", Percentage()),
        Column("description", free_text(Campaign, "description"), required=True),
        source_column(),
    ),
)

EVENTS = FileSpec(
    name="events",
    model=Event,
    key="key",
    unknown_reference="« {value} » n'est pas une clé d'événement connue.",
    rules=(events_within_their_campaign,),
    columns=(
        Column("key", Key(max_len(Event, "key")), required=True),
        Column("title", Text(max_len(Event, "title")), required=True),
        Column("format", Choice.of(EventFormat), required=True),
        Column(
            "campaign_key",
            Key(max_len(Campaign, "key")),
            attr="campaign",
            ref="campaigns",
        ),
        Column(
            "organiser_lab_key",
            Key(max_len(Lab, "key")),
            attr="organiser_lab",
            ref="labs",
        ),
        Column(
            "organiser_organisation_key",
            Key(max_len(Organisation, "key")),
            attr="organiser_organisation",
            ref="organisations",
        ),
        Column("starts_on", Date(), required=True),
        Column("ends_on", Date()),
        region_column(),
        Column("commune", Text(max_len(Event, "commune"))),
        # The model cannot say "unknown": an empty cell is stored as "not online" and the
        # report says so.
        Column("is_online", Boolean(), warn_default=True),
        Column("description", free_text(Event, "description"), required=True),
        source_column(),
    ),
)


def load_campaigns(validated: ValidatedFile, context: LoadContext) -> Counts:
    counts = upsert(validated, context)
    # A campaign that is over takes no more proposals, whatever was set before.
    Campaign.objects.filter(
        key__in=[row.key for row in validated.rows],
        ends_on__lt=timezone.localdate(),
        accepts_proposals=True,
    ).update(accepts_proposals=False, updated_at=timezone.now())
    return counts


# How the loader writes an event's days: as two datetimes and their zone.
_TIMES = (
    Column("starts_at", Date()),
    Column("ends_at", Date()),
    Column("time_zone", Text()),
)
# Not a column of the file: what a new event gets (see Column.default / upsert).
_NEW_EVENT_STATUS = Column("status", Text(), optional=True, default=EventStatus.PUBLISHED)


def load_events(validated: ValidatedFile, context: LoadContext) -> Counts:
    """Days become 09:00–18:00 in the region's zone, then rows are upserted by key."""
    known_zones = dict(TIME_ZONE_CHOICES)
    zone_of_region = {
        code: (zone if zone in known_zones else DEFAULT_ZONE)
        for code, zone in Region.objects.values_list("code", "timezone")
    }
    rows = []
    for row in validated.rows:
        values = dict(row.values)
        starts_on = values.pop("starts_on")
        ends_on = values.pop("ends_on", None) or starts_on
        zone_name = zone_of_region.get(values.get("region_code"), DEFAULT_ZONE)
        zone = zoneinfo.ZoneInfo(zone_name)
        values["starts_at"] = dt.datetime.combine(starts_on, DAY_STARTS, tzinfo=zone)
        values["ends_at"] = dt.datetime.combine(ends_on, DAY_ENDS, tzinfo=zone)
        values["time_zone"] = zone_name
        rows.append(replace(row, values=values))
    present = tuple(c for c in validated.present if c.name not in ("starts_on", "ends_on"))
    spec = replace(validated.spec, columns=(*validated.spec.columns, _NEW_EVENT_STATUS))
    as_written = replace(validated, spec=spec, rows=rows, present=(*present, *_TIMES))
    return upsert(as_written, context)


IMPORT_FILES = (
    ImportFile(CAMPAIGNS, loader=load_campaigns),
    ImportFile(EVENTS, loader=load_events),
)
