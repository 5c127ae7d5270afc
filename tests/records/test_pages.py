"""The record's pages: who sees what, what a failed form keeps, the public check."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.records import services
from labnet.records.models import Attestation, Confirmation
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_my_record_needs_an_account(client):
    response = client.get("/compte/parcours/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/compte/connexion/")


def test_my_record_lists_every_line_by_year(client, world):
    client.force_login(world.agent)
    html = client.get("/compte/parcours/").content.decode()
    for title in (
        "Accueil des usagers en préfecture",
        "Simplifier l&#x27;accueil",
        "CLIP",
        "Séance de mars",
        "Atelier design de services",
        "Appel à contributeurs 2026",
        "Kit d&#x27;atelier",
    ):
        assert title in html
    assert html.count('name="show"') == 7  # the private project and the request cannot be


def test_my_record_page_costs_the_same_queries_with_more_lines(client, world):
    client.force_login(world.agent)
    with CaptureQueriesContext(connection) as before:
        client.get("/compte/parcours/")
    for _ in range(2):
        project = ProjectFactory(lead_lab=world.lab)
        project.people.create(user=world.agent, role="contributor")
        services.attestation_issue(actor=world.agent, keys=[f"project:{project.pk}"])
    with CaptureQueriesContext(connection) as after:
        client.get("/compte/parcours/")
    assert len(after.captured_queries) == len(before.captured_queries)


def test_showing_lines_on_the_profile(client, world):
    client.force_login(world.agent)
    key = f"project:{world.project.pk}"
    response = client.post("/compte/parcours/profil/", {"show": [key]})
    assert response.status_code == 302
    profile_page = client.get(f"/personnes/{world.agent.profile.pk}/").content.decode()
    assert 'id="public-record"' in profile_page
    assert "Accueil des usagers en préfecture" in profile_page
    assert "Séance de mars" not in profile_page


def test_a_private_line_is_refused_with_the_reason(client, world):
    client.force_login(world.agent)
    key = f"project:{world.private_project.pk}"
    response = client.post("/compte/parcours/profil/", {"show": [key]})
    assert response.status_code == 400
    assert f"Ces lignes ne peuvent pas être montrées : {key}" in response.content.decode()


def test_an_attestation_with_no_line_keeps_the_page_and_says_why(client, world):
    client.force_login(world.agent)
    response = client.post("/compte/parcours/attestations/", {"keys": [], "language": "fr"})
    assert response.status_code == 400
    assert "Choisissez au moins une ligne de votre parcours." in response.content.decode()
    assert Attestation.objects.count() == 0


def test_download_revoke_and_check(client, world):
    client.force_login(world.agent)
    response = client.post(
        "/compte/parcours/attestations/",
        {"keys": [f"training:{world.enrolment.pk}"], "language": "fr"},
    )
    assert response.status_code == 302
    attestation = Attestation.objects.get()
    pdf = client.get(f"/compte/parcours/attestations/{attestation.number}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # Someone else's attestation cannot be downloaded.
    client.force_login(world.member)
    assert client.get(f"/compte/parcours/attestations/{attestation.number}.pdf").status_code == 404
    client.logout()
    check = client.get("/compte/parcours/verifier/", {"numero": attestation.number})
    assert f"L'attestation {attestation.number} est authentique et valide." in (
        check.content.decode()
    )
    client.force_login(world.agent)
    confirm = client.get(f"/compte/parcours/attestations/{attestation.number}/revoquer/")
    assert "Cela ne peut pas être annulé." in confirm.content.decode()
    assert Attestation.objects.get().is_valid
    client.post(f"/compte/parcours/attestations/{attestation.number}/revoquer/")
    client.logout()
    check = client.get("/compte/parcours/verifier/", {"numero": attestation.number})
    assert f"L'attestation {attestation.number} a été révoquée." in check.content.decode()
    unknown = client.get("/compte/parcours/verifier/", {"numero": "LP-2026-FAUX"})
    assert "Aucune attestation de parcours ne porte ce numéro." in unknown.content.decode()


@pytest.mark.parametrize(
    ("who", "status"), [("member", 200), ("lead", 200), ("outsider", 403), ("agent", 403)]
)
def test_the_lab_contributions_page_is_for_the_lab_team(client, world, who, status):
    client.force_login(getattr(world, who))
    response = client.get("/compte/parcours/laboratoires/innovmandie/")
    assert response.status_code == status


def test_a_lab_member_confirms_and_a_failed_confirmation_keeps_the_sentence(client, world):
    client.force_login(world.member)
    url = "/compte/parcours/laboratoires/innovmandie/confirmer/"
    long_sentence = "x" * 301
    response = client.post(
        url, {"project": world.project.pk, "user": world.agent.pk, "statement": long_sentence}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "La phrase tient en 300 caractères au plus." in html
    assert f'value="{long_sentence}"' in html
    response = client.post(
        url, {"project": world.project.pk, "user": world.agent.pk, "statement": "A animé."}
    )
    assert response.status_code == 302
    assert Confirmation.objects.get().statement == "A animé."


def test_a_project_of_another_lab_cannot_be_confirmed_from_this_lab(client, world):
    client.force_login(world.member)
    other = ProjectFactory(lead_lab=world.other_lab)
    response = client.post(
        "/compte/parcours/laboratoires/innovmandie/confirmer/",
        {"project": other.pk, "user": world.agent.pk, "statement": "Oui."},
    )
    assert response.status_code == 404
    assert Confirmation.objects.count() == 0


def test_the_contributors_figures_are_public(client, world):
    html = client.get("/compte/parcours/contributeurs/").content.decode()
    assert '<table id="contributors">' in html
    assert "Versant non renseigné" in html
