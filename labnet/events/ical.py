"""iCalendar (RFC 5545) output: one event, a person's own registration, and the feeds per
lab, campaign and region that a calendar client subscribes to.

Times are written in the event's own zone (TZID) with its VTIMEZONE, so that a client shows
10:00 in Paris on both sides of a daylight-saving change and 10:00 in Saint-Denis for an
event in La Réunion. UIDs are stable (one per event) so that a refreshed feed updates the
entries rather than duplicating them. The connection link of an online event never goes
into a public file: only the personal file of a confirmed registrant carries it.
"""

from datetime import UTC, timedelta
from urllib.parse import urlsplit

import icalendar
from django.utils.translation import gettext as _

from labnet.core.links import site_url

from .enums import EventStatus

PRODID = "-//LabNet//Evenements//FR"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def event_uid(event) -> str:
    return f"evenement-{event.pk}@{urlsplit(site_url()).hostname or 'labnet'}"


def event_location(event, *, with_online_url: bool = False) -> str:
    if event.is_online:
        if with_online_url and event.online_url:
            return event.online_url
        return str(_("En ligne"))
    parts = [event.venue, event.address, event.commune]
    return ", ".join(part for part in parts if part)


def _organiser_name(event) -> str:
    if event.organiser_lab_id:
        return event.organiser_lab.name
    if event.organiser_organisation_id:
        return event.organiser_organisation.name
    return ""


def _vevent(event, *, with_online_url: bool = False) -> icalendar.Event:
    zone = event.zone
    item = icalendar.Event()
    item.add("uid", event_uid(event))
    item.add("dtstamp", event.updated_at.astimezone(UTC))
    item.add("dtstart", event.starts_at.astimezone(zone))
    item.add("dtend", event.ends_at.astimezone(zone))
    item.add("summary", event.title)
    description = [event.description] if event.description else []
    organiser = _organiser_name(event)
    if organiser:
        description.append(_("Organisé par %(name)s") % {"name": organiser})
    if with_online_url and event.is_online and event.online_url:
        description.append(_("Lien de connexion : %(url)s") % {"url": event.online_url})
    if description:
        item.add("description", "\n\n".join(description))
    location = event_location(event, with_online_url=with_online_url)
    if location:
        item.add("location", location)
    item.add("url", site_url(event.get_absolute_url()))
    item.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    item.add("last-modified", event.updated_at.astimezone(UTC))
    return item


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _finish(calendar: icalendar.Calendar) -> bytes:
    # One VTIMEZONE per zone the events use (built from the tz database).
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_calendar(event, *, with_online_url: bool = False) -> bytes:
    """The .ics of one event (public), or of a confirmed registrant (with the link)."""
    calendar = _calendar(event.title)
    calendar.add("method", "PUBLISH")
    calendar.add_component(_vevent(event, with_online_url=with_online_url))
    return _finish(calendar)


def feed_calendar(*, name: str, events) -> bytes:
    """A subscription feed: public events only, never a connection link."""
    calendar = _calendar(name)
    calendar.add("refresh-interval", timedelta(hours=6))
    for event in events:
        calendar.add_component(_vevent(event))
    return _finish(calendar)
