"""The funding pages: who sees what, the coordination's forms (a refusal from the service
in the error summary, what was typed kept, nothing written), amounts in French under /
and in English under /en/, and a fixed number of queries whatever the number of rows."""

import html
import re
from decimal import Decimal
from html import escape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.core.models import AuditEntry
from labnet.funding.enums import AllocationStatus
from labnet.funding.models import Allocation, Envelope, FundingSource, Payment
from tests.factories import LabFactory
from tests.funding.factories import AllocationFactory, EnvelopeFactory, FundingSourceFactory

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "agent", "lab_member", "lab_lead", "other_lead", "coordinator"]


def text(response) -> str:
    plain = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+", " ", plain).replace("\xa0", " ")


def as_role(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    return client


@pytest.fixture
def seeded(twelve, lab):
    """The recovery plan's tree (12 = 8 + 4; 8 = 4 + 4) and allocations in each status."""
    territorial = EnvelopeFactory(
        key="territoriale",
        name="Innovation territoriale",
        funding_source=twelve.funding_source,
        parent=twelve,
        amount_eur=Decimal("8000000"),
    )
    EnvelopeFactory(
        key="centrale",
        name="Administration centrale",
        funding_source=twelve.funding_source,
        parent=twelve,
        amount_eur=Decimal("4000000"),
    )
    prefects = EnvelopeFactory(
        key="prefets",
        name="Préfets de région",
        funding_source=twelve.funding_source,
        parent=territorial,
        amount_eur=Decimal("4000000"),
    )
    EnvelopeFactory(
        key="collectivites",
        name="Collectivités",
        funding_source=twelve.funding_source,
        parent=territorial,
        amount_eur=Decimal("4000000"),
    )
    return {
        status: AllocationFactory(
            key=f"alloc-{status}",
            envelope=prefects,
            lab=lab,
            amount_eur=Decimal("100000"),
            status=status,
            description=f"Attribution {status}",
        )
        for status in AllocationStatus.values
    }


@pytest.mark.parametrize("role", ROLES)
def test_the_public_page_shows_the_tree_and_decided_allocations(client, people, seeded, role):
    response = as_role(client, people, role).get("/financements/")

    assert response.status_code == 200
    page = text(response)
    assert "12 000 000 €" in page
    assert page.count("4 000 000 €") >= 3
    assert "8 000 000 €" in page
    listed = set(re.findall(r"/financements/attributions/(alloc-\w+)/", response.content.decode()))
    expected = {"alloc-committed", "alloc-paid"}
    if role in ("lab_lead", "coordinator"):
        expected |= {"alloc-planned", "alloc-cancelled"}
    assert listed == expected
    assert ("Gérer les financements" in page) == (role == "coordinator")


def test_amounts_are_in_english_under_en(client, seeded):
    page = text(client.get("/en/financements/"))
    assert "€12,000,000" in page
    assert "12 000 000" not in page


def test_filters_narrow_the_list(client, seeded, other_lab):
    AllocationFactory(key="alloc-lab-o", lab=other_lab, year=2019)
    by_lab = client.get("/financements/", {"lab": other_lab.key})
    assert "alloc-lab-o" in by_lab.content.decode()
    assert "alloc-paid" not in by_lab.content.decode()
    by_year = client.get("/financements/", {"annee": "2019"}).content.decode()
    assert "alloc-lab-o" in by_year and "alloc-committed" not in by_year
    by_status = client.get("/financements/", {"statut": "paid"}).content.decode()
    assert "alloc-paid" in by_status and "alloc-committed" not in by_status


@pytest.mark.parametrize("role", ROLES)
def test_an_allocation_page_is_public_once_decided(client, people, seeded, role):
    as_role(client, people, role)
    assert client.get("/financements/attributions/alloc-paid/").status_code == 200
    planned = client.get("/financements/attributions/alloc-planned/").status_code
    cancelled = client.get("/financements/attributions/alloc-cancelled/").status_code
    sees_internal = role in ("lab_lead", "coordinator")
    assert planned == cancelled == (200 if sees_internal else 404)
    assert client.get("/financements/enveloppes/prefets/").status_code == 200


MANAGEMENT_PAGES = [
    "/financements/gestion/",
    "/financements/sources/nouvelle/",
    "/financements/sources/france-relance/modifier/",
    "/financements/enveloppes/nouvelle/",
    "/financements/enveloppes/prefets/modifier/",
    "/financements/attributions/nouvelle/",
    "/financements/attributions/alloc-committed/modifier/",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", MANAGEMENT_PAGES)
def test_management_pages_are_the_coordinations(client, people, seeded, role, url):
    response = as_role(client, people, role).get(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/connexion/")
    elif role == "coordinator":
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert "Seule la coordination nationale gère" in text(response)


@pytest.mark.parametrize("role", ROLES)
def test_status_payment_and_notes_forms_by_role(client, people, seeded, role):
    as_role(client, people, role)
    url = "/financements/attributions/alloc-committed/"
    page = client.get(url).content.decode()
    may_pay = role in ("lab_lead", "coordinator")
    assert ('action="/financements/attributions/alloc-committed/versements/"' in page) == may_pay
    assert ('action="/financements/attributions/alloc-committed/statut/"' in page) == (
        role == "coordinator"
    )

    paid = client.post(
        url + "versements/",
        {
            "payment-paid_on": "2022-05-02",
            "payment-amount_eur": "40 000",
            "payment-reference": "V1",
        },
    )
    notes = client.post(url + "compte-rendu/", {"notes-notes": "Un agent recruté."})
    moved = client.post(url + "statut/", {"status-to": "cancelled", "status-reason": "Erreur"})
    if role == "anonymous":
        assert {paid.status_code, notes.status_code, moved.status_code} == {302}
    if role in ("agent", "lab_member", "other_lead"):
        assert {paid.status_code, notes.status_code, moved.status_code} == {403}
    if role == "lab_lead":
        assert (paid.status_code, notes.status_code, moved.status_code) == (302, 302, 403)
    allocation = seeded["committed"]
    allocation.refresh_from_db()
    payments = list(
        Payment.objects.filter(allocation=allocation).values_list("amount_eur", flat=True)
    )
    if may_pay:
        assert payments == [Decimal("40000")]
        assert allocation.reporting_notes == "Un agent recruté."
    else:
        assert payments == []
    if role == "coordinator":
        # Payments recorded: it cannot be cancelled any more; the message is on the form.
        assert moved.status_code == 400
        assert "Des versements sont enregistrés" in text(moved)
    assert allocation.status == AllocationStatus.COMMITTED


def test_the_coordinator_creates_a_source_and_an_envelope(client, coordinator, twelve):
    client.force_login(coordinator)
    response = client.post(
        "/financements/sources/nouvelle/", {"name": "Fonds régional", "kind": "regional_fund"}
    )
    assert response.status_code == 302
    assert FundingSource.objects.filter(key="fonds-regional").exists()
    response = client.post(
        "/financements/enveloppes/nouvelle/",
        {
            "name": "Appel à projets 2024",
            "funding_source": "france-relance",
            "parent": twelve.key,
            "amount_eur": "1 500 000,50",
        },
    )
    envelope = Envelope.objects.get(key="appel-a-projets-2024")
    assert response["Location"] == "/financements/enveloppes/appel-a-projets-2024/"
    assert envelope.amount_eur == Decimal("1500000.50")
    assert envelope.parent == twelve


def test_an_over_allocation_is_refused_with_the_message_and_what_was_typed(
    client, coordinator, twelve, lab
):
    AllocationFactory(envelope=twelve, amount_eur=Decimal("11000000"))
    client.force_login(coordinator)
    before = (Allocation.objects.count(), AuditEntry.objects.count())

    response = client.post(
        "/financements/attributions/nouvelle/",
        {
            "envelope": twelve.key,
            "lab": lab.key,
            "amount_eur": "2 000 000",
            "year": "2024",
            "status": "planned",
            "description": "Soutien au démarrage",
        },
    )

    assert response.status_code == 400
    page = text(response)
    assert "Rien n'est enregistré" in page
    assert (
        "L'enveloppe « Plan de relance – innovation publique » est de 12 000 000 € et "
        "11 000 000 € sont déjà attribués ou répartis : il reste 1 000 000 €, moins que les "
        "2 000 000 € demandés pour cette attribution." in page
    )
    html = response.content.decode()
    assert 'value="2 000 000"' in html
    assert "Soutien au démarrage" in html
    assert (Allocation.objects.count(), AuditEntry.objects.count()) == before


def test_the_coordinator_commits_records_a_payment_and_it_becomes_paid(client, coordinator, lab):
    allocation = AllocationFactory(
        lab=lab, amount_eur=Decimal("5000"), status=AllocationStatus.PLANNED
    )
    client.force_login(coordinator)
    url = allocation.get_absolute_url()
    missing = client.post(url + "statut/", {"status-to": "committed"})
    assert missing.status_code == 400
    assert "Indiquez la date de signature de la convention." in text(missing)
    client.post(
        url + "statut/",
        {
            "status-to": "committed",
            "status-convention_signed_on": "2023-01-10",
            "status-convention_reference": "CONV-2023-4",
        },
    )
    too_much = client.post(
        url + "versements/", {"payment-paid_on": "2023-02-01", "payment-amount_eur": "6000"}
    )
    assert too_much.status_code == 400
    assert "il reste 5 000 €, moins que les 6 000 € de ce versement" in text(too_much)
    assert 'value="6000"' in too_much.content.decode()
    client.post(
        url + "versements/", {"payment-paid_on": "2023-02-01", "payment-amount_eur": "5000"}
    )
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.PAID
    assert "versée" in text(client.get(url))


def test_the_lab_page_shows_its_funding(client, people, seeded, lab):
    page = text(client.get(lab.get_absolute_url()))
    assert "Financements" in page
    assert "2 attributions, 200 000 € de montants connus, 0 montants non indiqués." in page
    client.force_login(people["lab_lead"])
    page = text(client.get(lab.get_absolute_url()))
    assert "4 attributions, 400 000 € de montants connus" in page


def test_the_lab_page_lists_the_latest_and_links_to_all(client, people, seeded, lab, monkeypatch):
    from labnet.funding.selectors import allocations

    monkeypatch.setattr(allocations, "LAB_PAGE_ALLOCATIONS", 1)
    client.force_login(people["lab_lead"])
    response = client.get(lab.get_absolute_url())
    page = text(response)
    assert "4 attributions, 400 000 € de montants connus" in page
    assert f"Les plus récentes des attributions reçues par {lab.name} ou ses projets" in page
    assert "Toutes ses attributions (4) dans la vue d'ensemble des financements" in page
    rows = response.content.decode().split('id="lab-allocations"')[1].split("</table>")[0]
    assert rows.count("<tr>") == 2  # the header and one allocation


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _allocations(n, envelope):
    for _ in range(n):
        AllocationFactory(envelope=envelope, lab=LabFactory())
        EnvelopeFactory(funding_source=envelope.funding_source, parent=envelope, amount_eur=None)
        FundingSourceFactory()


@pytest.mark.parametrize("role", ["anonymous", "coordinator"])
@pytest.mark.parametrize(
    "url",
    [
        "/financements/",
        "/financements/?annee=2022&region=28",
        "/financements/enveloppes/{key}/",
        "/financements/gestion/",
    ],
)
def test_pages_do_not_grow_with_the_data(client, people, role, url, twelve):
    if "gestion" in url and role != "coordinator":
        return
    as_role(client, people, role)
    url = url.format(key=twelve.key)
    _allocations(1, twelve)
    one = _count(client, url)
    _allocations(2, twelve)
    assert _count(client, url) == one


def test_allocation_and_lab_pages_do_not_grow_with_payments(client, coordinator, lab):
    allocation = AllocationFactory(lab=lab, amount_eur=Decimal("1000"))
    client.force_login(coordinator)
    Payment.objects.create(allocation=allocation, paid_on="2023-01-01", amount_eur=Decimal(1))
    one = _count(client, allocation.get_absolute_url())
    lab_one = _count(client, lab.get_absolute_url())
    for _ in range(2):
        Payment.objects.create(allocation=allocation, paid_on="2023-01-02", amount_eur=Decimal(1))
        AllocationFactory(lab=lab)
    assert _count(client, allocation.get_absolute_url()) == one
    assert _count(client, lab.get_absolute_url()) == lab_one


def test_stated_amounts_show_next_to_the_computed_ones(client, seeded):
    from labnet.figures.models import StatedFigure

    StatedFigure.objects.create(
        key="relance-innovation-territoriale",
        label_fr="Crédits déployés pour l'innovation territoriale",
        label_en="Funds deployed for territorial innovation",
        value=Decimal("8000000"),
        unit="EUR",
        computed_figure="funding.deployed_eur",
    )
    StatedFigure.objects.create(
        key="fte-support", label_fr="Soutien en ETP", label_en="Staff", value=30, unit="FTE"
    )
    page = text(client.get("/financements/"))
    # Stated 8 M€; LabNet counts the decided allocations it knows: 200 000 €.
    assert "Crédits déployés pour l'innovation territoriale 8 000 000 €" in page
    assert "200 000 € Montants des attributions décidées" in page
    assert "Soutien en ETP 30 ETP" in page


def test_each_sources_envelopes_are_named_as_french_writes_it(client, db):
    EnvelopeFactory(
        funding_source=FundingSourceFactory(
            key="ditp-accompagnement-financier", name="Accompagnement financier de la DITP"
        )
    )
    EnvelopeFactory(funding_source=FundingSourceFactory(key="relance", name="France Relance"))
    page = text(client.get("/financements/"))
    assert "Enveloppes d'Accompagnement financier de la DITP, chaque" in page
    assert "Enveloppes de France Relance, chaque" in page
    assert "Enveloppes de Accompagnement" not in page
    english = text(client.get("/en/financements/"))
    assert "of Accompagnement financier de la DITP" in english


def test_the_coordinator_records_that_an_allocation_was_notified_to_the_eu(
    client, coordinator, lab
):
    # The SCDL's notificationUE: "non" by default, the coordination's to change, audited.
    allocation = AllocationFactory(lab=lab, amount_eur=Decimal("5000"), year=2024)
    assert allocation.eu_notified is False
    client.force_login(coordinator)
    url = f"/financements/attributions/{allocation.key}/modifier/"
    form = client.get(url).content.decode()
    assert 'name="eu_notified"' in form
    # The labs' <select> (written in one pass: a thousand labs at national scale).
    assert f'<option value="{lab.key}" selected>{escape(lab.name)}</option>' in form
    assert '<select class="fr-select" id="id_lab" name="lab">' in form
    response = client.post(
        url,
        {
            "envelope": allocation.envelope.key,
            "lab": lab.key,
            "amount_eur": "5 000",
            "year": "2024",
            "eu_notified": "on",
        },
    )
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.eu_notified is True
    entry = AuditEntry.objects.filter(action="funding.allocation_update").latest("pk")
    assert entry.changes["eu_notified"] == [False, True]
    page = text(client.get(f"/financements/attributions/{allocation.key}/"))
    assert "Aide notifiée à la Commission européenne oui" in page
