"""The record is read from the other domains, confirmed by labs, shown by choice, attested."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from labnet.core.models import AuditEntry
from labnet.organisations.enums import CivilServiceSide
from labnet.records import selectors, services
from labnet.records.attestation import attestation_pdf
from labnet.records.personal_data import record_erase, record_export
from tests.factories import OrganisationFactory, UserFactory
from tests.people.factories import ProfileFactory
from tests.records.conftest import YEAR

pytestmark = pytest.mark.django_db


def _titles(lines):
    return sorted((line.kind, line.title) for line in lines)


def test_the_record_gathers_everything_the_agent_did(world):
    lines = selectors.record_lines(world.agent)
    assert _titles(lines) == [
        ("answer", "Appel à contributeurs 2026"),
        ("codevelopment", "Séance de mars"),
        ("event", "Atelier design de services"),
        ("pool", "Innov'mandie"),
        ("project", "Accueil des usagers en préfecture"),
        ("project", "Projet interne"),
        ("request", "Simplifier l'accueil"),
        ("resource", "Kit d'atelier"),
        ("training", "CLIP"),
    ]
    by_key = {line.key: line for line in lines}
    project = by_key[f"project:{world.project.pk}"]
    assert project.detail == ("porteur de projet, contributeur — Innov'mandie, étape « cadrage »")
    assert project.year == YEAR - 1
    assert project.public is True
    assert by_key[f"project:{world.private_project.pk}"].public is False
    request = by_key[f"request:{world.request.pk}"]
    assert request.detail == (
        "Innov'mandie — acceptée en accompagnement : "
        "devenue le projet « Accueil des usagers en préfecture »"
    )
    assert request.public is False
    training = by_key[f"training:{world.enrolment.pk}"]
    assert training.detail == f"Promotion 3 — terminée, attestation n° LN-{YEAR}-00000000000000AA"
    assert training.url == reverse(
        "trainings:certificate", kwargs={"enrolment_id": world.enrolment.pk}
    )
    # Newest year first.
    assert [line.year for line in lines] == sorted((line.year for line in lines), reverse=True)


def test_reading_a_record_costs_the_same_queries_whatever_it_holds(world, django_user_model):
    with CaptureQueriesContext(connection) as full:
        selectors.record_lines(world.agent)
    empty = django_user_model.objects.create_user(email="vide@exemple.gouv.fr", password="x")
    with CaptureQueriesContext(connection) as none:
        selectors.record_lines(empty)
    assert len(full.captured_queries) == len(none.captured_queries) == 10


def test_a_member_of_the_lead_lab_confirms_a_contribution(world):
    confirmation = services.contribution_confirm(
        actor=world.member,
        project=world.project,
        user=world.agent,
        statement="  A animé les   ateliers avec les usagers. ",
    )
    assert confirmation.statement == "A animé les ateliers avec les usagers."
    key = f"project:{world.project.pk}"
    line = next(line for line in selectors.record_lines(world.agent) if line.key == key)
    assert line.confirmation.statement == "A animé les ateliers avec les usagers."
    entry = AuditEntry.objects.get(action="records.contribution_confirm")
    assert entry.actor == world.member
    assert entry.changes == {"statement": "A animé les ateliers avec les usagers.", "created": True}


@pytest.mark.parametrize("who", ["outsider", "agent"])
def test_only_the_lead_lab_confirms(world, who):
    with pytest.raises(PermissionDenied) as refusal:
        services.contribution_confirm(
            actor=getattr(world, who), project=world.project, user=world.agent, statement="Oui."
        )
    assert str(refusal.value) == (
        "Seule l'équipe du laboratoire qui porte le projet confirme les contributions."
    )


def test_a_confirmation_needs_a_sentence_and_a_person_of_the_project(world):
    with pytest.raises(ValidationError) as empty:
        services.contribution_confirm(
            actor=world.member, project=world.project, user=world.agent, statement="  "
        )
    assert empty.value.message_dict == {
        "statement": ["Dites en une phrase ce que la personne a apporté."]
    }
    with pytest.raises(ValidationError) as stranger:
        services.contribution_confirm(
            actor=world.member, project=world.project, user=world.outsider, statement="Oui."
        )
    assert stranger.value.message_dict == {
        "user": ["Cette personne ne fait pas partie des personnes du projet."]
    }


def test_nothing_is_shown_by_default_and_only_public_lines_can_be(world):
    assert selectors.public_record_lines(world.agent) == []
    project_key = f"project:{world.project.pk}"
    training_key = f"training:{world.enrolment.pk}"
    services.record_lines_show(actor=world.agent, keys=[project_key, training_key])
    assert [line.key for line in selectors.public_record_lines(world.agent)] == [
        key
        for key in (line.key for line in selectors.record_lines(world.agent))
        if key in {project_key, training_key}
    ]
    private_key = f"project:{world.private_project.pk}"
    with pytest.raises(ValidationError) as refusal:
        services.record_lines_show(actor=world.agent, keys=[private_key])
    assert refusal.value.message_dict == {
        "keys": [f"Ces lignes ne peuvent pas être montrées : {private_key}"]
    }
    services.record_lines_show(actor=world.agent, keys=[training_key])
    assert [line.key for line in selectors.public_record_lines(world.agent)] == [training_key]


def test_an_attestation_prints_the_chosen_lines_and_its_check_address(world):
    services.contribution_confirm(
        actor=world.member, project=world.project, user=world.agent, statement="A mené l'enquête."
    )
    attestation = services.attestation_issue(
        actor=world.agent,
        keys=[f"project:{world.project.pk}", f"answer:{world.answer.pk}", "project:999999"],
    )
    assert attestation.keys == [f"project:{world.project.pk}", f"answer:{world.answer.pk}"]
    assert attestation.number.startswith(f"LP-{YEAR}-") and len(attestation.number) == 24
    text = PdfReader(io.BytesIO(attestation_pdf(attestation))).pages[0].extract_text()
    assert "Attestation de parcours d'innovation" in text
    assert "Łucja Wałęsa" in text  # Marianne, not a Latin-1 core font
    assert "Accueil des usagers en préfecture" in text
    assert "Appel à contributeurs 2026" in text
    assert "Confirmé par le laboratoire : « A mené l'enquête. »" in text
    assert "Kit d'atelier" not in text
    assert f"/compte/parcours/verifier/?numero={attestation.number}" in text.replace("\n", "")


def test_an_attestation_in_english(world):
    attestation = services.attestation_issue(
        actor=world.agent, keys=[f"training:{world.enrolment.pk}"], language="en"
    )
    assert attestation.language == "en"
    text = PdfReader(io.BytesIO(attestation_pdf(attestation))).pages[0].extract_text()
    assert "CLIP" in text


def test_an_attestation_needs_a_line_of_ones_own_record(world):
    with pytest.raises(ValidationError) as refusal:
        services.attestation_issue(actor=world.member, keys=[f"project:{world.project.pk}"])
    assert refusal.value.message_dict == {
        "keys": ["Choisissez au moins une ligne de votre parcours."]
    }


def test_only_the_holder_revokes_and_the_check_then_says_revoked(world):
    attestation = services.attestation_issue(
        actor=world.agent, keys=[f"training:{world.enrolment.pk}"]
    )
    with pytest.raises(PermissionDenied):
        services.attestation_revoke(actor=world.member, attestation=attestation)
    services.attestation_revoke(actor=world.agent, attestation=attestation)
    found = selectors.attestation_lookup(attestation.number.lower())
    assert found == attestation and found.is_valid is False


def test_erasure_removes_choices_and_confirmations_and_revokes_attestations(world):
    services.contribution_confirm(
        actor=world.member, project=world.project, user=world.agent, statement="A mené l'enquête."
    )
    services.record_lines_show(actor=world.agent, keys=[f"project:{world.project.pk}"])
    attestation = services.attestation_issue(
        actor=world.agent, keys=[f"project:{world.project.pk}"]
    )
    exported = record_export(world.agent)
    assert exported["attestations"][0]["number"] == attestation.number
    assert {line["key"] for line in exported["lines"] if line["shown_on_profile"]} == {
        f"project:{world.project.pk}"
    }
    record_erase(world.agent)
    attestation.refresh_from_db()
    assert attestation.is_valid is False and attestation.keys == []
    assert world.agent.confirmations.count() == 0
    assert world.agent.shown_record_lines.count() == 0


def test_the_lab_sees_contributions_pending_first(world):
    services.contribution_confirm(
        actor=world.member, project=world.project, user=world.agent, statement="A mené l'enquête."
    )
    rows = selectors.lab_contributions(world.lab)
    assert [(row.project.title, row.confirmation is not None) for row in rows] == [
        ("Projet interne", False),
        ("Accueil des usagers en préfecture", True),
    ]


def test_the_network_counts_contributors_per_year_and_side(world):
    organisation = OrganisationFactory(civil_service_side=CivilServiceSide.LOCAL)
    colleague = UserFactory()
    ProfileFactory(user=colleague, organisation=organisation)
    world.project.people.create(user=colleague, role="contributor")
    assert [
        (row["year"], row["side"], str(row["side_label"]), row["agents"])
        for row in selectors.contributors_by_year_and_side()
    ] == [
        (None, "", "versant non renseigné", 1),
        (YEAR - 1, "", "versant non renseigné", 1),
        (YEAR - 1, "local", "fonction publique territoriale", 1),
    ]
