"""The new open data files and the page cost a fixed number of queries whatever the
number of allocations, payments, indicators and measured values (1 then 3 of each)."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.impact.models import Indicator, Measurement
from tests.factories import LabFactory, OrganisationFactory, ProjectFactory
from tests.funding.factories import AllocationFactory, EnvelopeFactory, PaymentFactory

pytestmark = pytest.mark.django_db
URLS = [
    "/donnees/",
    "/donnees/financements.csv",
    "/donnees/financements.json",
    "/donnees/financements.scdl.csv",
    "/donnees/indicateurs.csv",
    "/donnees/indicateurs.json",
]


def _count(client, url) -> int:
    cache.clear()  # the page keeps the SCDL coverage: count it computed each time
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


def _add(n: int, start: int):
    envelope = EnvelopeFactory()
    for i in range(start, start + n):
        host = OrganisationFactory(siret="11000000700010")
        lab = LabFactory(host=host)
        project = ProjectFactory(lead_lab=lab)
        for allocation in (
            AllocationFactory(
                envelope=envelope,
                lab=lab,
                convention_signed_on=datetime.date(2022, 1, 1),
            ),
            AllocationFactory(
                envelope=envelope,
                lab=None,
                beneficiary_name=f"Commune {i}",
                beneficiary_siret="21750001600019",
                convention_signed_on=datetime.date(2022, 1, 1),
                fte=Decimal("1.00"),
            ),
            AllocationFactory(envelope=envelope, lab=None, project=project),
        ):
            PaymentFactory(allocation=allocation, amount_eur=Decimal("10.00"))
        indicator = Indicator.objects.create(
            key=f"indicateur-{i}",
            project=project,
            name=f"Indicateur {i}",
            unit="%",
            direction="increase",
            baseline_value=0,
            target_value=10,
            is_public=True,
        )
        Measurement.objects.create(indicator=indicator, value=5, source_text="t")


def test_the_files_and_the_page_do_not_grow_with_the_data(client):
    _add(1, 0)
    one = {url: _count(client, url) for url in URLS}
    _add(2, 1)
    assert {url: _count(client, url) for url in URLS} == one
