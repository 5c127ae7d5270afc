"""Calendar feeds per lab, campaign and region: public events only, parsed by icalendar,
in a constant number of queries."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.events.enums import EventStatus
from tests.events.factories import CampaignFactory, EventFactory
from tests.factories import LabFactory, RegionFactory

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _summaries(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return sorted(str(item["summary"]) for item in calendar.walk("VEVENT"))


def test_feeds_hold_the_public_events_of_their_lab_campaign_or_region(client):
    region = RegionFactory(code="28", name="Normandie")
    lab = LabFactory(key="innovmandie")
    campaign = CampaignFactory(key="mois-2026")
    EventFactory(title="Publié", organiser_lab=lab, campaign=campaign, region=region)
    EventFactory(
        title="Annulé",
        organiser_lab=lab,
        campaign=campaign,
        region=region,
        status=EventStatus.CANCELLED,
    )
    EventFactory(
        title="Proposé",
        organiser_lab=lab,
        campaign=campaign,
        region=region,
        status=EventStatus.PROPOSED,
    )
    EventFactory(title="Ailleurs")

    for url in (
        "/evenements/flux/laboratoire/innovmandie.ics",
        "/evenements/flux/campagne/mois-2026.ics",
        "/evenements/flux/region/28.ics",
    ):
        assert _summaries(client.get(url)) == ["Annulé", "Publié"], url


def test_unknown_feeds_are_404(client):
    assert client.get("/evenements/flux/laboratoire/inconnu.ics").status_code == 404
    assert client.get("/evenements/flux/region/99.ics").status_code == 404


def test_the_event_file_parses_with_the_right_time_after_the_change(client):
    EventFactory(
        key="apres",
        starts_at=datetime(2026, 10, 26, 10, 0, tzinfo=PARIS),
        ends_at=datetime(2026, 10, 26, 12, 0, tzinfo=PARIS),
    )

    response = client.get("/evenements/apres/calendrier.ics")

    item = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert item.decoded("dtstart").astimezone(UTC) == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)


def test_a_draft_has_no_calendar_file(client):
    EventFactory(key="brouillon", status=EventStatus.DRAFT)
    assert client.get("/evenements/brouillon/calendrier.ics").status_code == 404


def test_feeds_do_not_grow_with_events(client):
    lab = LabFactory(key="innovmandie")
    url = "/evenements/flux/laboratoire/innovmandie.ics"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    EventFactory.create_batch(2, organiser_lab=lab)
    two = count()
    EventFactory.create_batch(
        8, organiser_lab=lab, starts_at=datetime(2026, 12, 1, 9, tzinfo=PARIS) + timedelta(days=1)
    )
    # The lab, then its events with their related rows joined.
    assert (two, count()) == (2, 2)
