"""Funding in API v1: the same visibility as the pages, decimal strings for money, writes
with a token, and an over-allocation refused field by field with the page's message."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.core.models import AuditEntry
from labnet.funding.enums import AllocationStatus
from labnet.funding.models import Allocation, Payment
from tests.factories import LabFactory
from tests.funding.factories import AllocationFactory, EnvelopeFactory
from tests.funding.fixtures import *  # noqa: F403

from .conftest import client_with_token

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "agent", "lab_member", "lab_lead", "other_lead", "coordinator"]


def client_for(api, people, role):
    return api if people[role] is None else client_with_token(people[role])


@pytest.fixture
def seeded(twelve, lab):
    prefects = EnvelopeFactory(
        key="prefets",
        name="Préfets de région",
        funding_source=twelve.funding_source,
        parent=twelve,
        amount_eur=Decimal("4000000"),
    )
    for status in AllocationStatus.values:
        AllocationFactory(
            key=f"alloc-{status}",
            envelope=prefects,
            lab=lab,
            amount_eur=Decimal("100000.50"),
            status=status,
        )
    return prefects


def test_funding_sources_are_public(api, seeded):
    response = api.get("/api/v1/funding-sources/")
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "key": "france-relance",
            "name": "France Relance",
            "kind": "recovery_plan",
            "description": "",
            "envelope_count": 2,
        }
    ]


@pytest.mark.parametrize("role", ROLES)
def test_envelopes_carry_amounts_parent_and_totals_the_caller_may_see(api, people, seeded, role):
    client = client_for(api, people, role)
    response = client.get("/api/v1/envelopes/prefets/")
    assert response.status_code == 200
    body = response.json()
    assert body["amount_eur"] == "4000000.00"
    assert body["parent"] == "relance-innovation-publique"
    assert body["funding_source"] == "france-relance"
    statuses = {"committed", "paid"}
    if role in ("lab_lead", "coordinator"):
        statuses |= {"planned", "cancelled"}
    assert set(body["totals"]) == statuses
    assert body["totals"]["paid"] == {
        "count": 1,
        "amount_eur": "100000.50",
        "unknown_amounts": 0,
        "fte": "0.00",
    }
    listed = client.get("/api/v1/envelopes/", {"parent": "relance-innovation-publique"}).json()
    assert [e["key"] for e in listed["results"]] == ["prefets"]
    assert client.get("/api/v1/envelopes/absente/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_allocations_listed_as_the_pages_show_them(api, people, seeded, role):
    client = client_for(api, people, role)
    keys = {a["key"] for a in client.get("/api/v1/allocations/").json()["results"]}
    expected = {"alloc-committed", "alloc-paid"}
    if role in ("lab_lead", "coordinator"):
        expected |= {"alloc-planned", "alloc-cancelled"}
    assert keys == expected
    planned = client.get("/api/v1/allocations/alloc-planned/")
    assert planned.status_code == (200 if role in ("lab_lead", "coordinator") else 404)


def test_allocation_fields_and_filters(api, seeded, lab, other_lab):
    AllocationFactory(
        key="ailleurs", lab=other_lab, year=2019, amount_eur=None, amount_unknown=True
    )
    body = api.get("/api/v1/allocations/alloc-paid/").json()
    assert body["amount_eur"] == "100000.50"
    assert body["lab"] == {"key": lab.key, "name": lab.name}
    assert body["status"] == "paid"
    assert body["envelope"] == "prefets"
    assert body["paid_eur"] is None
    unknown = api.get("/api/v1/allocations/ailleurs/").json()
    assert (unknown["amount_eur"], unknown["amount_unknown"]) == (None, True)

    def keys(**query):
        return [a["key"] for a in api.get("/api/v1/allocations/", query).json()["results"]]

    assert keys(lab=other_lab.key) == ["ailleurs"]
    assert keys(year=2019) == ["ailleurs"]
    assert keys(status="paid") == ["alloc-paid"]
    assert keys(envelope="prefets", status="committed") == ["alloc-committed"]
    bad = api.get("/api/v1/allocations/", {"status": "bogus"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "status"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("agent", 403),
        ("lab_member", 403),
        ("lab_lead", 403),
        ("other_lead", 403),
        ("coordinator", 201),
    ],
)
def test_only_the_coordination_allocates(api, people, seeded, lab, role, expected):
    response = client_for(api, people, role).post(
        "/api/v1/allocations/",
        {"envelope": "prefets", "lab": lab.key, "amount_eur": "250000.00", "year": 2024},
        format="json",
    )
    assert response.status_code == expected, response.content
    created = Allocation.objects.filter(year=2024)
    if expected == 201:
        body = response.json()
        assert body["key"] == f"prefets-{lab.key}"
        assert (body["status"], body["amount_eur"]) == ("planned", "250000.00")
        entry = AuditEntry.objects.get(action="funding.allocation_create")
        assert entry.channel == AuditEntry.Channel.API
    else:
        assert not created.exists()


def test_an_over_allocation_is_a_400_with_the_pages_message(api, coordinator, seeded, lab):
    client = client_with_token(coordinator)
    response = client.post(
        "/api/v1/allocations/",
        {"envelope": "prefets", "lab": lab.key, "amount_eur": "3800000"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": "amount_eur",
                "message": "L'enveloppe « Préfets de région » est de 4\xa0000\xa0000\xa0€ et "
                "300\xa0001,50\xa0€ sont déjà attribués ou répartis : il reste "
                "3\xa0699\xa0998,50\xa0€, moins que les 3\xa0800\xa0000\xa0€ demandés pour "
                "cette attribution.",
                "code": "over_allocated",
            }
        ]
    }
    assert Allocation.objects.count() == 4


def test_field_errors_are_listed_one_by_one(api, coordinator, seeded, lab):
    response = client_with_token(coordinator).post(
        "/api/v1/allocations/",
        {
            "envelope": "prefets",
            "beneficiary_name": "Ville de Paris",
            "beneficiary_siret": "21750001600018",
        },
        format="json",
    )
    assert response.status_code == 400
    fields = sorted(e["field"] for e in response.json()["errors"])
    assert fields == ["amount_eur", "beneficiary_siret"]
    unknown_envelope = client_with_token(coordinator).post(
        "/api/v1/allocations/", {"envelope": "absente", "lab": lab.key}, format="json"
    )
    assert unknown_envelope.json()["errors"][0]["field"] == "envelope"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("agent", 403),
        ("lab_member", 403),
        ("lab_lead", 201),
        ("other_lead", 403),
        ("coordinator", 201),
    ],
)
def test_payments_recorded_by_the_lead_and_the_coordination(api, people, seeded, role, expected):
    client = client_for(api, people, role)
    url = "/api/v1/allocations/alloc-committed/payments/"
    response = client.post(url, {"paid_on": "2022-03-01", "amount_eur": "100.00"}, format="json")
    assert response.status_code == expected, response.content
    listed = client.get(url)
    assert listed.status_code == 200
    assert [p["amount_eur"] for p in listed.json()] == (["100.00"] if expected == 201 else [])


def test_a_payment_beyond_the_allocation_is_refused(api, lab_lead, seeded):
    client = client_with_token(lab_lead)
    response = client.post(
        "/api/v1/allocations/alloc-committed/payments/",
        {"paid_on": "2022-03-01", "amount_eur": "100000.51"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "amount_eur"
    assert response.json()["errors"][0]["code"] == "over_paid"
    assert Payment.objects.count() == 0
    hidden = client_with_token(lab_lead).post(
        "/api/v1/allocations/inexistante/payments/", {}, format="json"
    )
    assert hidden.status_code == 404


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _more(n, envelope):
    for _ in range(n):
        allocation = AllocationFactory(envelope=envelope, lab=LabFactory())
        Payment.objects.create(allocation=allocation, paid_on="2022-01-01", amount_eur=1)
        EnvelopeFactory(funding_source=envelope.funding_source, parent=envelope, amount_eur=None)


@pytest.mark.parametrize(
    "url", ["/api/v1/funding-sources/", "/api/v1/envelopes/", "/api/v1/allocations/"]
)
def test_lists_do_not_grow_with_the_data(api, twelve, url):
    _more(1, twelve)
    one = _count(api, url)
    _more(2, twelve)
    assert _count(api, url) == one


def test_the_coordination_says_an_allocation_was_notified_to_the_eu(api, coordinator, seeded, lab):
    # The SCDL's notificationUE: "non" unless said; written and read through the API.
    client = client_with_token(coordinator)
    response = client.post(
        "/api/v1/allocations/",
        {"envelope": "prefets", "lab": lab.key, "amount_eur": "1000", "eu_notified": True},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["eu_notified"] is True
    assert Allocation.objects.get(key=response.json()["key"]).eu_notified is True
    plain = client.post(
        "/api/v1/allocations/",
        {"envelope": "prefets", "lab": lab.key, "amount_eur": "1000"},
        format="json",
    )
    assert plain.json()["eu_notified"] is False
