"""The OpenAPI document is valid and complete, and its Swagger UI needs no network."""

import re

import pytest
from django.contrib.staticfiles import finders
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api):
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


def test_document_is_valid_openapi_3(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_document_lists_every_endpoint(schema):
    assert set(schema["paths"]) == {
        # Accounts and reference data
        "/api/v1/auth/me/",
        "/api/v1/auth/token/",
        "/api/v1/auth/tokens/",
        "/api/v1/auth/tokens/{id}/",
        "/api/v1/me/personal-data/",
        "/api/v1/departments/",
        "/api/v1/departments/{code}/",
        "/api/v1/organisations/",
        "/api/v1/organisations/{key}/",
        "/api/v1/regions/",
        "/api/v1/regions/{code}/",
        "/api/v1/themes/",
        "/api/v1/themes/{key}/",
        # Labs and projects
        "/api/v1/labs/",
        "/api/v1/labs/{key}/",
        "/api/v1/labs/{key}/cooperations/",
        "/api/v1/labs/{key}/cooperations/projects/",
        "/api/v1/labs/{key}/cooperations/take-ups/",
        "/api/v1/projects/",
        "/api/v1/projects/{key}/",
        "/api/v1/projects/{key}/journal/",
        "/api/v1/projects/{key}/lineage/",
        "/api/v1/projects/{key}/publish/",
        "/api/v1/projects/{key}/similar/",
        "/api/v1/projects/{key}/transitions/",
        "/api/v1/projects/{key}/unpublish/",
        # Single window
        "/api/v1/intake/response-times/",
        "/api/v1/requests/",
        "/api/v1/requests/{public_id}/",
        "/api/v1/requests/{public_id}/decisions/",
        "/api/v1/requests/{public_id}/similar-projects/",
        # Events and campaigns
        "/api/v1/campaigns/",
        "/api/v1/campaigns/{key}/",
        "/api/v1/campaigns/{key}/events/",
        "/api/v1/campaigns/{key}/proposals/",
        "/api/v1/events/",
        "/api/v1/events/{key}/",
        "/api/v1/events/{key}/attendees/",
        "/api/v1/events/{key}/registrations/",
        "/api/v1/events/{key}/review/",
        "/api/v1/registrations/",
        "/api/v1/registrations/{id}/",
        "/api/v1/registrations/{id}/cancel/",
        # Trainings
        "/api/v1/programmes/",
        "/api/v1/programmes/{key}/",
        "/api/v1/cohorts/",
        "/api/v1/cohorts/{id}/",
        "/api/v1/cohorts/{id}/enrolments/",
        "/api/v1/enrolments/",
        "/api/v1/enrolments/{id}/cancel/",
        "/api/v1/sessions/",
        "/api/v1/sessions/{id}/",
        # People, calls and resources
        "/api/v1/people/",
        "/api/v1/people/{id}/",
        "/api/v1/skills/",
        "/api/v1/skills/{key}/",
        "/api/v1/calls/",
        "/api/v1/calls/{key}/",
        "/api/v1/calls/{key}/answers/",
        "/api/v1/answers/",
        "/api/v1/answers/{id}/",
        "/api/v1/answers/{id}/reviews/",
        "/api/v1/answers/{id}/submit/",
        "/api/v1/resources/",
        "/api/v1/resources/{key}/",
        "/api/v1/resources/{key}/review/",
        # Funding
        "/api/v1/funding-sources/",
        "/api/v1/envelopes/",
        "/api/v1/envelopes/{key}/",
        "/api/v1/allocations/",
        "/api/v1/allocations/{key}/",
        "/api/v1/allocations/{key}/payments/",
        # Impact and roadmaps
        "/api/v1/indicators/",
        "/api/v1/indicators/{key}/",
        "/api/v1/indicators/{key}/measurements/",
        "/api/v1/indicators/{key}/measurements/{id}/",
        "/api/v1/roadmaps/",
        "/api/v1/roadmaps/{key}/",
        # An agent's innovation record
        "/api/v1/me/record/",
        "/api/v1/me/record/attestations/",
        "/api/v1/me/record/attestations/{number}/revoke/",
        "/api/v1/projects/{key}/confirmations/",
        # The network in figures
        "/api/v1/stats/",
    }


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_writes_are_only_the_token_and_the_workflow_actions(schema):
    assert sorted((p, m) for p, m, _ in _operations(schema) if m != "get") == [
        ("/api/v1/allocations/", "post"),
        ("/api/v1/allocations/{key}/payments/", "post"),
        ("/api/v1/answers/{id}/", "patch"),
        ("/api/v1/answers/{id}/reviews/", "post"),
        ("/api/v1/answers/{id}/submit/", "post"),
        ("/api/v1/auth/token/", "post"),
        ("/api/v1/auth/tokens/", "post"),
        ("/api/v1/auth/tokens/{id}/", "delete"),
        ("/api/v1/calls/{key}/answers/", "post"),
        ("/api/v1/campaigns/{key}/proposals/", "post"),
        ("/api/v1/cohorts/{id}/enrolments/", "post"),
        ("/api/v1/enrolments/{id}/cancel/", "post"),
        ("/api/v1/events/{key}/registrations/", "post"),
        ("/api/v1/events/{key}/review/", "post"),
        ("/api/v1/indicators/", "post"),
        ("/api/v1/indicators/{key}/measurements/", "post"),
        ("/api/v1/indicators/{key}/measurements/{id}/", "patch"),
        ("/api/v1/me/record/attestations/", "post"),
        ("/api/v1/me/record/attestations/{number}/revoke/", "post"),
        ("/api/v1/projects/{key}/confirmations/", "post"),
        ("/api/v1/projects/{key}/journal/", "post"),
        ("/api/v1/projects/{key}/publish/", "post"),
        ("/api/v1/projects/{key}/transitions/", "post"),
        ("/api/v1/projects/{key}/unpublish/", "post"),
        ("/api/v1/registrations/{id}/cancel/", "post"),
        ("/api/v1/requests/", "post"),
        ("/api/v1/requests/{public_id}/decisions/", "post"),
        ("/api/v1/resources/", "post"),
        ("/api/v1/resources/{key}/review/", "post"),
    ]


def test_operations_have_unique_ids_tags_and_bilingual_descriptions(schema):
    operations = list(_operations(schema))
    ids = [operation["operationId"] for _, _, operation in operations]

    assert len(ids) == len(set(ids)) == 93
    for path, method, operation in operations:
        assert operation["tags"], (path, method)
        assert " / " in operation["summary"], (path, method)
    lab_list = schema["paths"]["/api/v1/labs/"]["get"]
    assert "**FR** — Laboratoires" in lab_list["description"]
    assert "**EN** — Labs" in lab_list["description"]


def test_token_auth_is_declared_and_documented(schema):
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    request = token["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert request == "#/components/schemas/CredentialsRequest"
    assert schema["components"]["schemas"]["CredentialsRequest"]["required"] == [
        "email",
        "password",
    ]
    assert set(token["responses"]) == {"200", "400", "403", "429"}
    assert "security" not in token
    me = schema["paths"]["/api/v1/auth/me/"]["get"]
    assert {"tokenAuth": []} in me["security"]
    assert {} not in me["security"]


def test_list_filters_are_documented(schema):
    def query_parameters(path):
        operation = schema["paths"][path]["get"]
        return sorted(p["name"] for p in operation["parameters"] if p["in"] == "query")

    assert query_parameters("/api/v1/labs/") == [
        "host",
        "kind",
        "page",
        "page_size",
        "q",
        "region",
        "status",
        "theme",
    ]
    assert query_parameters("/api/v1/projects/") == [
        "lab",
        "page",
        "page_size",
        "q",
        "region",
        "stage",
        "status",
        "theme",
    ]


def test_the_docs_page_lists_every_operation_in_an_accessible_page(api, schema):
    response = api.get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert html.count("data-operation=") == len(list(_operations(schema)))
    assert 'data-operation="labs_list"' in html
    assert "Laboratoires, paginés" in html
    assert 'href="/api/v1/openapi.json"' in html
    assert 'href="/api/v1/docs/console/"' in html


def test_swagger_ui_is_served_from_local_static_files(api, settings):
    response = api.get("/api/v1/docs/console/")

    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    # favicon, stylesheet, bundle, preset, and the start-up script (a file, not inline, so
    # the page runs under the Content-Security-Policy)
    assert len(assets) == 5
    *files, script_url = assets
    for asset in files:
        assert asset.startswith(settings.STATIC_URL), asset
        assert finders.find(asset.removeprefix(settings.STATIC_URL)), asset
    assert script_url == "/api/v1/docs/console/?script="
    assert re.findall(r"<script>|<style>", html) == []
    script = api.get(script_url)
    assert script["Content-Type"].startswith("application/javascript")
    assert '"/api/v1/openapi.json"' in script.content.decode()
    # No call to validator.swagger.io for the validity badge.
    assert '"validatorUrl": null' in script.content.decode()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_document_kept_per_process_is_the_one_generated_per_request(api, lang):
    from django.test import RequestFactory
    from drf_spectacular.views import SpectacularJSONAPIView

    fresh = SpectacularJSONAPIView.as_view()(
        RequestFactory().get(f"/api/v1/openapi.json?lang={lang}")
    )
    fresh.render()
    for _ in range(2):
        kept = api.get(f"/api/v1/openapi.json?lang={lang}")
        assert kept.content == fresh.content
        assert kept["Content-Type"] == fresh["Content-Type"]
        assert kept["Content-Disposition"] == fresh["Content-Disposition"]


def test_an_unknown_language_is_served_in_the_default_one_without_growing_the_cache(api):
    from labnet.api.docs import SchemaView

    french = api.get("/api/v1/openapi.json?lang=fr").content
    before = len(SchemaView._rendered)
    assert api.get("/api/v1/openapi.json?lang=zz-unknown").content == french
    assert len(SchemaView._rendered) == before
