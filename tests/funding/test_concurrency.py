"""Twenty allocations at the same moment on an envelope that holds seven, on PostgreSQL:
the envelope row lock serves them one after the other, so exactly seven are written, the
others get the envelope's message, and the totals are exact."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from labnet.funding.enums import AllocationStatus
from labnet.funding.models import Allocation, Envelope
from labnet.funding.selectors.totals import funding_totals
from labnet.funding.services.allocations import allocation_create
from labnet.funding.services.envelopes import envelope_create
from tests.concurrency import call_all_at_once
from tests.factories import LabFactory, UserFactory

from .factories import EnvelopeFactory

CALLERS = 20
ROOM = 7
EACH = Decimal("100000.00")


def _in_parallel(service, count):
    refusals = []

    def call(n):
        try:
            service(n)
        except ValidationError as exc:
            refusals.append(exc)

    errors = call_all_at_once(call, list(range(count)))
    return refusals, errors


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_allocations_on_an_envelope_that_holds_seven():
    coordinator = UserFactory(coordinator=True)
    envelope = EnvelopeFactory(name="Appel régional", amount_eur=EACH * ROOM)
    labs = [LabFactory() for _ in range(CALLERS)]

    refusals, errors = _in_parallel(
        lambda n: allocation_create(
            actor=coordinator,
            data={"envelope": envelope, "lab": labs[n], "amount_eur": EACH},
        ),
        CALLERS,
    )

    assert errors == []
    assert Allocation.objects.filter(envelope=envelope).count() == ROOM
    assert len(refusals) == CALLERS - ROOM
    for refusal in refusals:
        assert refusal.message_dict["amount_eur"] == [
            "L'enveloppe « Appel régional » est de 700\xa0000\xa0€ et 700\xa0000\xa0€ sont déjà "
            "attribués ou répartis : il reste 0\xa0€, moins que les 100\xa0000\xa0€ demandés "
            "pour cette attribution."
        ]
    totals = funding_totals(user=coordinator, by="status")
    assert totals.overall.amount_eur == EACH * ROOM
    assert [(r.key, r.total.count) for r in totals.rows] == [(AllocationStatus.PLANNED, ROOM)]


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_child_envelopes_and_allocations_share_the_parent():
    coordinator = UserFactory(coordinator=True)
    parent = EnvelopeFactory(amount_eur=Decimal("1000"))
    lab = LabFactory()

    def write(n):
        if n % 2:
            envelope_create(
                actor=coordinator,
                data={
                    "name": f"Part {n}",
                    "funding_source": parent.funding_source,
                    "parent": parent,
                    "amount_eur": Decimal("100"),
                },
            )
        else:
            allocation_create(
                actor=coordinator,
                data={"envelope": parent, "lab": lab, "amount_eur": Decimal("100")},
            )

    refusals, errors = _in_parallel(write, CALLERS)

    assert errors == []
    children = Envelope.objects.filter(parent=parent).count()
    allocations = Allocation.objects.filter(envelope=parent).count()
    assert children + allocations == 10
    assert len(refusals) == CALLERS - 10
