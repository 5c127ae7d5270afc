from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from labnet.funding.enums import AllocationStatus, FundingSourceKind
from labnet.funding.models import Allocation, Envelope, FundingSource, Payment
from tests.factories import LabFactory


class FundingSourceFactory(DjangoModelFactory):
    class Meta:
        model = FundingSource
        django_get_or_create = ["key"]

    key = factory.Sequence(lambda n: f"source-financement-{n}")
    name = factory.Sequence(lambda n: f"Source de financement {n}")
    kind = FundingSourceKind.RECOVERY_PLAN


class EnvelopeFactory(DjangoModelFactory):
    class Meta:
        model = Envelope

    key = factory.Sequence(lambda n: f"enveloppe-{n}")
    name = factory.Sequence(lambda n: f"Enveloppe {n}")
    funding_source = factory.SubFactory(FundingSourceFactory)
    amount_eur = Decimal("1000000.00")


class AllocationFactory(DjangoModelFactory):
    class Meta:
        model = Allocation

    key = factory.Sequence(lambda n: f"attribution-{n}")
    envelope = factory.SubFactory(EnvelopeFactory)
    lab = factory.SubFactory(LabFactory)
    region = factory.LazyAttribute(lambda a: a.lab.region if a.lab else None)
    amount_eur = Decimal("10000.00")
    year = 2022
    status = AllocationStatus.COMMITTED


class PaymentFactory(DjangoModelFactory):
    class Meta:
        model = Payment

    allocation = factory.SubFactory(AllocationFactory)
    paid_on = factory.Faker("date_this_decade")
    amount_eur = Decimal("1000.00")
