"""The trainings walk, in Chromium with axe-core on every page visited: an agent enrols in
a cohort from its page; a member of the organising lab marks them present at two of its
three sessions (the rule asks for 60 %); the agent sees the training completed and
downloads a certificate that names them, whose number the public check page confirms."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from labnet.trainings.enums import CohortStatus, ProgrammeKind
from labnet.trainings.models import Cohort, Enrolment, Programme, Session
from tests.factories import LabFactory, MembershipFactory, UserFactory

from .steps import new_session, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _course():
    lab = LabFactory(key="innovmandie", name="Innov'mandie")
    programme = Programme.objects.create(
        key="design-des-politiques",
        name="Action de formation au design des politiques publiques",
        kind=ProgrammeKind.TRAINING_ACTION,
        organiser_lab=lab,
        audience="Agents des services de l'État en Normandie",
        description="Trois séances pour pratiquer le design de services.",
        completion_rule_percent=60,
    )
    cohort = Cohort.objects.create(
        programme=programme,
        key="design-promotion-1",
        number=1,
        name="Design des politiques — promotion 1",
        status=CohortStatus.OPEN,
        capacity=12,
        enrolment_open=True,
    )
    now = timezone.now()
    for n, start in enumerate(
        (now - dt.timedelta(days=7), now - dt.timedelta(hours=2), now + dt.timedelta(days=7)),
        start=1,
    ):
        Session.objects.create(
            cohort=cohort,
            title=f"Séance {n}",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            place="Préfecture de Rouen",
        )
    member = MembershipFactory(
        lab=lab, user__email="martin@normandie.gouv.fr", user__full_name="Martin Membre"
    ).user
    return cohort, member


def test_an_agent_enrols_attends_and_gets_the_certificate(
    page, chromium_browser, live_server, axe_check
):
    cohort, member = _course()
    agent = UserFactory(email="agnes@eure.gouv.fr", full_name="Agnès Agent")

    # The agent finds the training and enrols from the cohort's page.
    sign_in(page, agent.email)
    page.goto("/formations/")
    axe_check(page)
    page.get_by_role("link", name="Action de formation au design des politiques publiques").click()
    page.wait_for_url("**/formations/design-des-politiques/")
    axe_check(page)
    page.get_by_role("link", name="Design des politiques — promotion 1").first.click()
    page.wait_for_url("**/formations/promotions/design-promotion-1/")
    assert page.get_by_text("12 places restantes").is_visible()
    axe_check(page)
    page.get_by_role("button", name="M'inscrire à cette promotion").click()
    page.wait_for_load_state()
    assert page.get_by_text("Votre inscription est confirmée.").is_visible()
    assert page.get_by_text("Séances suivies : 0 sur 3 ; il en faut 2").is_visible()
    axe_check(page)
    enrolment = Enrolment.objects.get(user=agent)
    assert enrolment.status == "confirmed"

    # A member of the organising lab marks the agent present at the two sessions held.
    context, manager = new_session(chromium_browser, live_server)
    sign_in(manager, member.email)
    manager.goto(cohort.get_absolute_url())
    axe_check(manager)
    manager.get_by_role("link", name="Inscrits et places").click()
    manager.wait_for_url("**/inscrits/")
    assert manager.locator("#enrolments").get_by_text("Agnès Agent").is_visible()
    axe_check(manager)
    # A session that ends before it starts is refused in French, with what was typed kept.
    manager.goto(cohort.get_absolute_url())
    manager.get_by_role("link", name="Programmer les séances").click()
    manager.wait_for_url("**/seances/")
    axe_check(manager)
    manager.fill("#id_session-title", "Séance de clôture")
    manager.fill("#id_session-day", "2026-06-02")
    manager.fill("#id_session-start_time", "14:00")
    manager.fill("#id_session-end_time", "10:00")
    manager.fill("#id_session-place", "Préfecture de Rouen")
    manager.get_by_role("button", name="Ajouter la séance").click()
    manager.wait_for_load_state()
    assert manager.get_by_text(
        "La fin de la séance doit être postérieure à son début."
    ).is_visible()
    assert manager.input_value("#id_session-title") == "Séance de clôture"
    axe_check(manager)
    assert cohort.sessions.count() == 3
    for title in ("Séance 1", "Séance 2"):
        manager.goto(cohort.get_absolute_url())
        manager.get_by_role("link", name=f"Noter les présences — {title}").click()
        manager.wait_for_url("**/presences/")
        axe_check(manager)
        # DSFR draws the box on the label, which is what a person clicks.
        manager.locator("label", has_text="Agnès Agent").click()
        assert manager.get_by_label("Agnès Agent").is_checked()
        manager.get_by_role("button", name="Enregistrer les présences").click()
        manager.wait_for_load_state()
        assert manager.get_by_text("Les présences sont enregistrées.").is_visible()
        axe_check(manager)
    manager.goto("/formations/chiffres/")
    axe_check(manager)
    context.close()

    # The agent sees the training completed and downloads the certificate.
    page.goto(cohort.get_absolute_url())
    assert page.get_by_text("Formation terminée").is_visible()
    assert page.get_by_text("Vous avez suivi 2 séances sur 3.").is_visible()
    axe_check(page)
    link = page.get_by_role("link", name="Télécharger mon attestation (PDF)")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.body())).pages[0].extract_text()
    enrolment.refresh_from_db()
    assert "Agnès Agent" in text
    assert "2 sur 3" in text
    assert enrolment.certificate_number in text
    assert "/formations/attestations/verifier/?numero=" in text

    # Whoever is shown the certificate checks its number on the public page.
    page.goto(f"/formations/attestations/verifier/?numero={enrolment.certificate_number}")
    assert page.locator("#certificate").get_by_text("Agnès Agent").is_visible()
    axe_check(page)

    page.goto("/formations/mes-formations/")
    assert page.get_by_role("link", name="Télécharger (PDF)").is_visible()
    axe_check(page)
