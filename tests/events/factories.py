"""Factories of the events domain (shared by the event and campaign tests)."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from labnet.events.enums import CampaignKind, EventFormat, EventStatus, RegistrationStatus
from labnet.events.models import Campaign, Event, Registration


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    key = factory.Sequence(lambda n: f"campagne-{n}")
    name = factory.Sequence(lambda n: f"Campagne {n}")
    kind = CampaignKind.NATIONAL_MONTH


def _in_a_week(_obj):
    # At noon UTC (13 h or 14 h in Paris), whatever the hour the tests run: a two-hour
    # event started at the current hour crossed midnight in Paris when the suite ran after
    # 22 h, and the pages then showed two dates instead of "de 13 h à 15 h".
    return timezone.now().replace(hour=12, minute=0, second=0, microsecond=0) + timedelta(days=7)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    key = factory.Sequence(lambda n: f"evenement-{n}")
    title = factory.Sequence(lambda n: f"Atelier d'intelligence collective {n}")
    format = EventFormat.WORKSHOP
    status = EventStatus.PUBLISHED
    starts_at = factory.LazyAttribute(_in_a_week)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    venue = "Salle du conseil"
    address = "1 place de la République"
    commune = "Rouen"
    capacity = 20


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    full_name = factory.Sequence(lambda n: f"Personne {n}")
    email = factory.Sequence(lambda n: f"personne{n}@exemple.gouv.fr")
    status = RegistrationStatus.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
