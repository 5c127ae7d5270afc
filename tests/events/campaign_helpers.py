"""Shared data of the campaign tests: an open campaign and a valid proposal."""

import datetime as dt
import zoneinfo

from django.utils import timezone

from labnet.events.enums import EventFormat
from labnet.organisations.models import Organisation
from tests.events.factories import CampaignFactory
from tests.factories import DepartmentFactory, OrganisationFactory, RegionFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def open_campaign(**kwargs):
    """A campaign running now and for the next 30 days, open to proposals."""
    today = timezone.localdate()
    defaults = {
        "key": "mois-innovation-publique-2026",
        "name": "Mois de l'innovation publique 2026",
        "edition": 13,
        "starts_on": today - dt.timedelta(days=1),
        "ends_on": today + dt.timedelta(days=30),
        "accepts_proposals": True,
    }
    return CampaignFactory(**{**defaults, **kwargs})


def in_days(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def normandie():
    region = RegionFactory(code="28", name="Normandie")
    department = DepartmentFactory(code="76", name="Seine-Maritime", region=region)
    return region, department


def prefecture():
    found = Organisation.objects.filter(key="prefecture-normandie").first()
    return found or OrganisationFactory(
        key="prefecture-normandie", name="Préfecture de la région Normandie"
    )


def proposal_data(*, department, organisation=None, **overrides) -> dict:
    """What `event_propose` takes: a valid on-site workshop in 10 days."""
    data = {
        "title": "Atelier design des politiques publiques",
        "format": EventFormat.WORKSHOP,
        "audience": "all_agents",
        "description": "Trois heures pour tester un parcours usager.",
        "starts_at": in_days(10, 9, 30),
        "ends_at": in_days(10, 12, 30),
        "time_zone": "Europe/Paris",
        "is_online": False,
        "online_url": "",
        "venue": "Préfecture",
        "address": "7 place de la Madeleine",
        "commune": "Rouen",
        "department": department,
        "organiser_lab": None,
        "organiser_organisation": organisation or prefecture(),
        "capacity": 25,
    }
    data.update(overrides)
    return data
