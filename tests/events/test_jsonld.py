import json
import zoneinfo
from datetime import datetime

import pytest

from labnet.events.enums import EventStatus
from labnet.events.jsonld import event_jsonld, event_jsonld_script
from tests.factories import DepartmentFactory, RegionFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_an_event_in_a_place(lab, settings):
    settings.LABNET_BASE_URL = "https://labnet.example.fr"
    region = RegionFactory(code="28", name="Normandie")
    event = EventFactory(
        key="atelier",
        title="Atelier",
        organiser_lab=lab,
        capacity=30,
        address="1 place de la République",
        commune="Rouen",
        department=DepartmentFactory(code="76", name="Seine-Maritime", region=region),
        region=region,
        starts_at=datetime(2026, 10, 26, 10, 0, tzinfo=PARIS),
        ends_at=datetime(2026, 10, 26, 12, 0, tzinfo=PARIS),
    )

    data = event_jsonld(event, places_left=12)

    assert data == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Atelier",
        "startDate": "2026-10-26T10:00:00+01:00",
        "endDate": "2026-10-26T12:00:00+01:00",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "location": {
            "@type": "Place",
            "name": "Salle du conseil",
            "address": {
                "@type": "PostalAddress",
                "addressCountry": "FR",
                "streetAddress": "1 place de la République",
                "addressLocality": "Rouen",
                "addressRegion": "Seine-Maritime",
            },
        },
        "url": "https://labnet.example.fr/evenements/atelier/",
        "inLanguage": "fr",
        "organizer": {
            "@type": "Organization",
            "name": "Innov'mandie",
            "url": f"https://labnet.example.fr{lab.get_absolute_url()}",
        },
        "maximumAttendeeCapacity": 30,
        "remainingAttendeeCapacity": 12,
    }


def test_an_online_cancelled_event_has_no_link():
    event = EventFactory(
        status=EventStatus.CANCELLED,
        is_online=True,
        online_url="https://visio.example.fr/secret",
        title="Webinaire </script><b>",
    )

    text = event_jsonld_script(event, places_left=3)

    assert "</script>" not in text
    assert "visio.example.fr" not in text
    data = json.loads(text)
    assert data["name"] == "Webinaire </script><b>"
    assert data["location"] == {"@type": "VirtualLocation", "name": "En ligne"}
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
