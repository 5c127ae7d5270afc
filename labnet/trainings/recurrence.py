"""Occurrences of an RFC 5545 recurrence rule, in local wall time, then in UTC.

dateutil works on naive local datetimes here: "the 2nd Tuesday of each month at 14:00"
means 14:00 in Paris both in winter (13:00 UTC) and in summer (12:00 UTC). Each occurrence
is given its time zone only once computed, so the local time survives the change of hour.
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from dateutil.rrule import rrule, rruleset, rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A rule without an end would generate sessions for ever; a long one is most likely a typo.
MAX_OCCURRENCES = 120
# Parts the form gives separately: in the rule they would contradict the fields.
FORBIDDEN_PARTS = ("DTSTART", "UNTIL", "COUNT")


@dataclass(frozen=True)
class Occurrence:
    occurrence_date: dt.date  # the date the rule gives, which identifies the occurrence
    starts_at: dt.datetime  # aware, UTC
    ends_at: dt.datetime


def parse_rule(rule: str) -> rrule:
    """The rule as dateutil reads it, or a ValidationError in French on `rule`."""
    text = rule.strip().removeprefix("RRULE:").strip()
    if not text:
        raise ValidationError(
            {"rule": _("Indiquez la règle de récurrence, ex. FREQ=MONTHLY;BYDAY=2TU.")}
        )
    upper = text.upper()
    for part in FORBIDDEN_PARTS:
        if part in upper:
            raise ValidationError(
                {
                    "rule": _(
                        "La règle ne doit pas contenir %(part)s : indiquez la première séance, "
                        "la date de fin ou le nombre de séances dans les champs prévus."
                    )
                    % {"part": part}
                }
            )
    try:
        parsed = rrulestr(text, dtstart=dt.datetime(2000, 1, 1))
    except (ValueError, TypeError, KeyError) as exc:
        raise ValidationError(
            {
                "rule": _(
                    "La règle de récurrence n'est pas valide (%(error)s). Exemple : "
                    "FREQ=MONTHLY;BYDAY=2TU pour le 2e mardi de chaque mois."
                )
                % {"error": exc}
            }
        ) from None
    if not isinstance(parsed, rrule):
        raise ValidationError({"rule": _("Indiquez une seule règle (RRULE).")})
    return parsed


def occurrences(
    *,
    rule: str,
    start_date: dt.date,
    start_time: dt.time,
    duration_minutes: int,
    time_zone: str,
    until: dt.date | None = None,
    count: int | None = None,
    excluded: tuple[dt.date, ...] = (),
    moved: dict[dt.date, dt.datetime] | None = None,
) -> list[Occurrence]:
    """Every occurrence, exceptions applied; `moved` maps a date to its new local datetime."""
    if until is None and count is None:
        raise ValidationError({"until": _("Indiquez une date de fin ou un nombre de séances.")})
    if until is not None and until < start_date:
        raise ValidationError(
            {"until": _("La date de fin doit suivre la date de la première séance.")}
        )
    dtstart = dt.datetime.combine(start_date, start_time)
    base = parse_rule(rule).replace(
        dtstart=dtstart,
        until=dt.datetime.combine(until, dt.time.max) if until else None,
        count=count,
    )
    rules = rruleset()
    rules.rrule(base)
    for day in excluded:
        rules.exdate(dt.datetime.combine(day, start_time))
    moved = moved or {}
    for day in moved:
        rules.exdate(dt.datetime.combine(day, start_time))
    zone = zoneinfo.ZoneInfo(time_zone)
    duration = dt.timedelta(minutes=duration_minutes)
    local = [(start.date(), start) for start in _bounded(rules)]
    local += list(moved.items())
    if len(local) > MAX_OCCURRENCES:
        raise ValidationError(
            {
                "count": _(
                    "Cette règle donne plus de %(max)d séances : indiquez une date de fin plus "
                    "proche ou un nombre de séances."
                )
                % {"max": MAX_OCCURRENCES}
            }
        )
    result = []
    for day, start in sorted(local, key=lambda pair: pair[1]):
        # Add the duration in local time, then convert: a session of 2 h stays 2 h of the
        # clock on the wall even on the night the hour changes.
        starts_at = start.replace(tzinfo=zone)
        ends_at = (start + duration).replace(tzinfo=zone)
        result.append(Occurrence(day, starts_at.astimezone(dt.UTC), ends_at.astimezone(dt.UTC)))
    return result


def _bounded(rules: rruleset):
    for index, start in enumerate(rules):
        if index >= MAX_OCCURRENCES + 1:
            return
        yield start
