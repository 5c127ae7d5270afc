"""Issue 15 in Chromium: an agent's record gathers a request that became a project, the
project's team, a completed training and an answered call; a lab member confirms the
contribution; the agent shows two lines on their public profile, downloads the
attestation, and a visitor checks its number."""

import io
import re

import pytest
from pypdf import PdfReader

from labnet.records.models import Attestation
from tests.browser.steps import sign_in, sign_out
from tests.records.conftest import world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_agent_record_confirmed_shown_attested_and_checked(page, axe_check, world):  # noqa: F811
    sign_in(page, world.agent.email)
    page.goto("/compte/")
    page.get_by_role("link", name=re.compile("Mon parcours d'innovation")).click()
    page.wait_for_url("**/compte/parcours/")
    record = page.locator("#shown-lines")
    for title in (
        "Simplifier l'accueil",  # the request...
        "Accueil des usagers en préfecture",  # ...that became this project, with its role
        "CLIP",
        "Appel à contributeurs 2026",
    ):
        assert record.get_by_text(title, exact=True).count() >= 1, title
    assert record.get_by_text(re.compile("porteur de projet, contributeur")).count() == 1
    axe_check(page)
    sign_out(page)

    sign_in(page, world.member.email)
    page.goto("/compte/")
    page.get_by_role("link", name=re.compile("Contributions à confirmer")).click()
    page.wait_for_url("**/compte/parcours/laboratoires/innovmandie/")
    axe_check(page)
    row = page.locator("#contributions tbody tr", has_text="Accueil des usagers en préfecture")
    row.get_by_label(re.compile("Ce que la personne a apporté")).fill(
        "A animé les ateliers avec les usagers."
    )
    row.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("**/compte/parcours/laboratoires/innovmandie/")
    assert page.get_by_text(re.compile("est confirmée")).is_visible()
    sign_out(page)

    sign_in(page, world.agent.email)
    page.goto("/compte/parcours/")
    project_card = page.locator(f'[data-line="project:{world.project.pk}"]')
    assert project_card.locator("[data-confirmed]").text_content() == "Confirmé par le laboratoire"
    # DSFR draws its own box over the input: a person clicks the label.
    project_card.locator("label", has_text="Montrer sur mon profil public").click()
    page.locator(f'[data-line="training:{world.enrolment.pk}"]').locator(
        "label", has_text="Montrer sur mon profil public"
    ).click()
    page.get_by_role("button", name="Enregistrer ce que montre mon profil").click()
    page.wait_for_url("**/compte/parcours/")
    assert page.get_by_text("Votre profil public montre désormais 2 ligne(s)").is_visible()

    attest = page.locator("#attestation-form")
    attest.locator("label", has_text="Accueil des usagers en préfecture").click()
    attest.locator("label", has_text="CLIP").click()
    attest.get_by_role("button", name="Obtenir l'attestation").click()
    page.wait_for_url("**/compte/parcours/#attestations")
    number = Attestation.objects.get().number
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Télécharger {number}").click()
    text = PdfReader(io.BytesIO(open(download.value.path(), "rb").read())).pages[0].extract_text()  # noqa: SIM115
    assert "Accueil des usagers en préfecture" in text
    assert "A animé les ateliers avec les usagers." in text
    assert number in text
    axe_check(page)
    sign_out(page)

    # A visitor: the public profile shows the two chosen lines only, the check page the number.
    page.goto(f"/personnes/{world.agent.profile.pk}/")
    assert page.locator("#public-record li").count() == 2
    axe_check(page)
    page.goto("/compte/parcours/verifier/")
    page.fill("#numero", number)
    page.get_by_role("button", name="Vérifier").click()
    assert page.locator("#attestation-result h2").inner_text() == (
        f"L'attestation {number} est authentique et valide."
    )
    axe_check(page)
