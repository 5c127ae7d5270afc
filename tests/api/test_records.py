"""The record in the API: one's own, attestations, confirmations by the lead lab."""

import pytest

from labnet.records.models import Attestation, Confirmation
from tests.api.conftest import client_with_token
from tests.records.conftest import world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_my_record_needs_a_token(api):
    assert api.get("/api/v1/me/record/").status_code in {401, 403}


def test_my_record_lists_the_lines_and_attestations(world):  # noqa: F811
    client = client_with_token(world.agent)
    created = client.post(
        "/api/v1/me/record/attestations/",
        {"keys": [f"training:{world.enrolment.pk}"], "language": "en"},
        format="json",
    )
    assert created.status_code == 201
    number = created.json()["number"]
    assert created.json()["check_url"].endswith(f"/compte/parcours/verifier/?numero={number}")
    body = client.get("/api/v1/me/record/").json()
    assert sorted(line["kind"] for line in body["lines"]) == [
        "answer",
        "codevelopment",
        "event",
        "pool",
        "project",
        "project",
        "request",
        "resource",
        "training",
    ]
    assert [a["number"] for a in body["attestations"]] == [number]
    revoked = client.post(f"/api/v1/me/record/attestations/{number}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["valid"] is False


def test_an_attestation_of_nothing_is_a_field_error(world):  # noqa: F811
    client = client_with_token(world.agent)
    response = client.post(
        "/api/v1/me/record/attestations/", {"keys": ["project:0"]}, format="json"
    )
    assert response.status_code == 400
    assert "Choisissez au moins une ligne de votre parcours." in response.content.decode()
    assert Attestation.objects.count() == 0


def test_the_lead_lab_confirms_through_the_api_and_others_are_refused(world):  # noqa: F811
    url = f"/api/v1/projects/{world.project.key}/confirmations/"
    payload = {"user": world.agent.pk, "statement": "A animé les ateliers."}
    outsider = client_with_token(world.outsider).post(url, payload, format="json")
    assert outsider.status_code == 403
    member = client_with_token(world.member).post(url, payload, format="json")
    assert member.status_code == 201
    assert member.json()["statement"] == "A animé les ateliers."
    assert Confirmation.objects.get().confirmed_by == world.member
