"""iCalendar output read back by a real parser (icalendar), across the daylight-saving change
of 25 October 2026 and for an overseas event."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from labnet.events.enums import EventStatus
from labnet.events.ical import event_calendar, event_uid, feed_calendar

from .factories import EventFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
REUNION = zoneinfo.ZoneInfo("Indian/Reunion")


def _events(body: bytes):
    calendar = icalendar.Calendar.from_ical(body)
    return calendar, list(calendar.walk("VEVENT"))


def test_times_are_right_on_both_sides_of_the_daylight_saving_change():
    before = EventFactory(
        key="avant",
        starts_at=datetime(2026, 10, 24, 10, 0, tzinfo=PARIS),
        ends_at=datetime(2026, 10, 24, 12, 0, tzinfo=PARIS),
    )
    after = EventFactory(
        key="apres",
        starts_at=datetime(2026, 10, 26, 10, 0, tzinfo=PARIS),
        ends_at=datetime(2026, 10, 26, 12, 0, tzinfo=PARIS),
    )
    overseas = EventFactory(
        key="reunion",
        time_zone="Indian/Reunion",
        starts_at=datetime(2026, 10, 26, 10, 0, tzinfo=REUNION),
        ends_at=datetime(2026, 10, 26, 11, 30, tzinfo=REUNION),
    )

    calendar, items = _events(feed_calendar(name="Test", events=[before, after, overseas]))

    starts = {str(item["uid"]): item.decoded("dtstart") for item in items}
    assert starts[event_uid(before)].astimezone(UTC) == datetime(2026, 10, 24, 8, 0, tzinfo=UTC)
    assert starts[event_uid(after)].astimezone(UTC) == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)
    assert starts[event_uid(overseas)].astimezone(UTC) == datetime(2026, 10, 26, 6, 0, tzinfo=UTC)
    # Written in the event's own zone, with its VTIMEZONE.
    tzids = {item["dtstart"].params["TZID"] for item in items}
    assert tzids == {"Europe/Paris", "Indian/Reunion"}
    assert {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")} == tzids
    assert starts[event_uid(after)].hour == 10
    ends = {str(item["uid"]): item.decoded("dtend") for item in items}
    assert ends[event_uid(overseas)] - starts[event_uid(overseas)] == timedelta(minutes=90)


def test_each_entry_has_a_stable_uid_a_stamp_an_address_and_a_link(settings):
    settings.LABNET_BASE_URL = "https://labnet.example.fr"
    event = EventFactory(
        key="atelier-rouen",
        title="Atelier de Rouen",
        venue="Salle du conseil",
        address="1 place de la République",
        commune="Rouen",
    )

    _, first = _events(event_calendar(event))
    _, second = _events(event_calendar(event))

    item = first[0]
    assert str(item["uid"]) == f"evenement-{event.pk}@labnet.example.fr"
    assert str(item["uid"]) == str(second[0]["uid"])
    assert item.decoded("dtstamp") == event.updated_at.replace(microsecond=0)
    assert str(item["summary"]) == "Atelier de Rouen"
    assert str(item["location"]) == "Salle du conseil, 1 place de la République, Rouen"
    assert str(item["url"]) == "https://labnet.example.fr/evenements/atelier-rouen/"
    assert str(item["status"]) == "CONFIRMED"


def test_the_online_link_is_only_in_the_registrant_file():
    event = EventFactory(is_online=True, online_url="https://visio.example.fr/secret")

    public = event_calendar(event)
    personal = event_calendar(event, with_online_url=True)
    feed = feed_calendar(name="Flux", events=[event])

    assert b"visio.example.fr" not in public
    assert b"visio.example.fr" not in feed
    _, items = _events(personal)
    assert str(items[0]["location"]) == "https://visio.example.fr/secret"
    assert "https://visio.example.fr/secret" in str(items[0]["description"])
    _, public_items = _events(public)
    assert str(public_items[0]["location"]) == "En ligne"


def test_a_cancelled_event_is_marked_cancelled():
    event = EventFactory(status=EventStatus.CANCELLED)

    _, items = _events(event_calendar(event))

    assert str(items[0]["status"]) == "CANCELLED"
