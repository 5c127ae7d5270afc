"""The funding walk, in Chromium with axe-core on every page visited, on the real dataset:
the coordinator creates an envelope under the recovery plan, allocates part of it to a lab,
tries to allocate more than what is left (refused with the envelope's message, nothing
written, what was typed kept), records a payment and marks the allocation paid; the lab's
lead sees it on the lab's page; a visitor sees /financements/ with the seeds' totals
(12 M€ in three parts of 4 M€, the 8 M€ = 4 + 4)."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from labnet.funding.enums import AllocationStatus
from labnet.funding.models import Allocation, Envelope
from labnet.imports.services import network_import
from labnet.labs.models import Lab
from tests.factories import MembershipFactory, UserFactory

from .steps import new_session, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

DATASET = Path(__file__).resolve().parents[2] / "data" / "network"
NBSP = "\xa0"


def amount(text: str) -> str:
    """'600 000 €' as the site writes it (non-breaking spaces in and after the number)."""
    return re.sub(r"(?<=\d) (?=\d)| (?=€)", NBSP, text)


def test_an_envelope_an_allocation_a_refusal_a_payment_and_the_public_totals(
    page, chromium_browser, live_server, axe_check
):
    assert network_import(path=DATASET).ok
    innovmandie = Lab.objects.get(key="innovmandie")
    cora = UserFactory(email="cora@modernisation.gouv.fr", full_name="Cora", coordinator=True)
    lea = MembershipFactory(
        lab=innovmandie, lead=True, user__email="lea@normandie.gouv.fr", user__full_name="Léa"
    ).user

    # The coordinator creates an envelope under the recovery plan's central-administration
    # part (4 M€, none of it allocated with a stated amount yet).
    sign_in(page, cora.email)
    page.goto("/financements/gestion/")
    axe_check(page)
    page.get_by_role("link", name="Nouvelle enveloppe").click()
    page.wait_for_url("**/financements/enveloppes/nouvelle/")
    axe_check(page)
    page.fill("#id_name", "Appel à défis 2024")
    page.select_option("#id_funding_source", "france-relance")
    page.select_option("#id_parent", "relance-labs-administration-centrale")
    page.fill("#id_amount_eur", "1 000 000")
    page.get_by_role("button", name="Créer l'enveloppe").click()
    page.wait_for_url("**/financements/enveloppes/appel-a-defis-2024/")
    assert page.text_content("#envelope-amount").strip() == amount("1 000 000 €")
    axe_check(page)

    # It allocates part of it to a lab, committed with its convention.
    page.get_by_role("link", name="Attribuer sur cette enveloppe").click()
    page.wait_for_url("**/financements/attributions/nouvelle/?enveloppe=appel-a-defis-2024")
    axe_check(page)
    page.select_option("#id_lab", "innovmandie")
    page.fill("#id_amount_eur", "600 000")
    page.fill("#id_year", "2024")
    page.select_option("#id_status", "committed")
    page.fill("#id_convention_signed_on", "2024-03-01")
    page.fill("#id_convention_reference", "CONV-DITP-2024-07")
    page.get_by_role("button", name="Enregistrer l'attribution").click()
    page.wait_for_url("**/financements/attributions/appel-a-defis-2024-innovmandie/")
    assert page.get_by_text("L'attribution est enregistrée.").is_visible()
    axe_check(page)

    # More than what is left: refused with the message, nothing written, what was typed kept.
    page.goto("/financements/attributions/nouvelle/?enveloppe=appel-a-defis-2024")
    page.select_option("#id_lab", "innovmandie")
    page.fill("#id_amount_eur", "500 000")
    page.fill("#id_description", "Second volet")
    page.get_by_role("button", name="Enregistrer l'attribution").click()
    summary = page.locator("#form-errors")
    assert summary.is_visible()
    assert amount(
        "L'enveloppe « Appel à défis 2024 » est de 1 000 000 € et 600 000 € sont déjà "
        "attribués ou répartis : il reste 400 000 €, moins que les 500 000 € demandés pour "
        "cette attribution."
    ) in summary.inner_text().replace("\n", " ")
    assert page.input_value("#id_amount_eur") == "500 000"
    assert page.input_value("#id_description") == "Second volet"
    assert page.input_value("#id_lab") == "innovmandie"
    axe_check(page)
    assert Allocation.objects.filter(envelope__key="appel-a-defis-2024").count() == 1

    # A payment, then the allocation is marked paid.
    page.goto("/financements/attributions/appel-a-defis-2024-innovmandie/")
    page.fill("#id_payment-paid_on", "2024-04-15")
    page.fill("#id_payment-amount_eur", "200 000")
    page.get_by_role("button", name="Enregistrer le versement").click()
    page.wait_for_url("**/financements/attributions/appel-a-defis-2024-innovmandie/")
    assert page.get_by_text("Le versement est enregistré.").is_visible()
    page.select_option("#id_status-to", "paid")
    page.get_by_role("button", name="Changer le statut").click()
    page.wait_for_url("**/financements/attributions/appel-a-defis-2024-innovmandie/")
    assert page.get_by_text("L'attribution est désormais « versée ».").is_visible()
    axe_check(page)
    allocation = Allocation.objects.get(key="appel-a-defis-2024-innovmandie")
    assert (allocation.status, allocation.amount_eur) == (AllocationStatus.PAID, Decimal(600000))
    sign_out(page)

    # The lab's lead sees it on the lab's page.
    sign_in(page, lea.email)
    page.goto("/laboratoires/innovmandie/")
    section = page.locator("#lab-funding")
    row = section.get_by_role("row").filter(has_text="Appel à défis 2024")
    assert row.get_by_text("versée").is_visible()
    assert row.get_by_text(amount("600 000 €")).is_visible()
    axe_check(page)
    sign_out(page)

    # A visitor sees the seeds' totals: 12 M€ in three parts of 4 M€, the 8 M€ = 4 + 4.
    context, visitor = new_session(chromium_browser, live_server)
    visitor.goto("/financements/")
    table = visitor.locator("#envelopes-france-relance")

    def amount_of(key):
        return table.locator(f'tr[data-envelope="{key}"] td').first.inner_text().strip()

    assert amount_of("relance-innovation-publique") == amount("12 000 000 €")
    assert amount_of("relance-innovation-territoriale") == amount("8 000 000 €")
    for part in (
        "relance-labs-administration-centrale",
        "relance-labs-prefets-de-region",
        "relance-projets-collectivites",
    ):
        assert amount_of(part) == amount("4 000 000 €")
    assert amount_of("relance-creation-labs-2023") == amount("600 000 €")
    assert visitor.locator('tr[data-envelope="appel-a-defis-2024"]').is_visible()
    assert visitor.get_by_role("link", name="Innov'mandie").first.is_visible()
    axe_check(visitor)
    context.close()
    assert Envelope.objects.get(key="relance-innovation-publique").amount_eur == 12 * 10**6
