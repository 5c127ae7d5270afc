"""/api/v1/projects/{key}/transitions|journal|similar|lineage|publish|unpublish/: the same
rules as the pages, structured French errors, fixed query counts."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from labnet.core.models import AuditEntry
from labnet.projects.enums import Stage
from labnet.projects.models import Activity, Project, StageTransition
from labnet.projects.pipeline import project_move
from labnet.search.services import projects_reindex
from tests.factories import ActivityFactory, ProjectFactory
from tests.projects.fixtures import *  # noqa: F403

from .conftest import client_with_token

pytestmark = pytest.mark.django_db


def url(project, action):
    return f"/api/v1/projects/{project.key}/{action}/"


@pytest.fixture
def callers(api, outsider, partner_member, lab_member, coordinator):
    return {
        "anonymous": api,
        "outsider": client_with_token(outsider),
        "partner": client_with_token(partner_member),
        "member": client_with_token(lab_member),
        "coordinator": client_with_token(coordinator),
    }


@pytest.mark.parametrize("action", ["transitions", "journal"])
@pytest.mark.parametrize(
    ("caller", "published", "expected"),
    [
        ("anonymous", False, 401),
        ("anonymous", True, 401),
        ("outsider", False, 404),
        ("outsider", True, 403),
        ("partner", False, 200),
        ("member", False, 200),
        ("coordinator", False, 200),
    ],
)
def test_team_only_lists(callers, project, action, caller, published, expected):
    Project.objects.filter(pk=project.pk).update(is_public=published)
    response = callers[caller].get(url(project, action))
    assert response.status_code == expected
    if expected != 200:
        assert set(response.json()) == {"errors"}


def test_transitions_list_and_create(callers, project, lab_member):
    project_move(actor=lab_member, project=project, to_stage=Stage.IMMERSION, reason="Cadrage ok")

    response = callers["member"].post(
        url(project, "transitions"), {"to_stage": "ideation", "reason": "Immersion faite"}
    )

    assert response.status_code == 201
    body = response.json()
    assert {k: v for k, v in body.items() if k != "created_at"} == {
        "from_stage": "immersion",
        "to_stage": "ideation",
        "from_status": "active",
        "to_status": "active",
        "reason": "Immersion faite",
        "actor": "Martin Membre",
    }
    assert AuditEntry.objects.filter(action="projects.project_move").latest("id").channel == "api"
    listed = callers["partner"].get(url(project, "transitions")).json()
    assert listed["count"] == 2
    assert [t["to_stage"] for t in listed["results"]] == ["immersion", "ideation"]


def test_illegal_move_and_missing_reason_are_structured_errors(callers, project):
    illegal = callers["member"].post(
        url(project, "transitions"), {"to_stage": "testing", "reason": "Vite"}
    )
    assert illegal.status_code == 400
    assert illegal.json() == {
        "errors": [
            {
                "field": "to_stage",
                "message": "Passage impossible de cadrage à test : un projet avance d'une "
                "étape à la fois, ou revient à l'étape précédente.",
                "code": "invalid",
            }
        ]
    }
    no_reason = callers["member"].post(url(project, "transitions"), {"to_status": "paused"})
    assert no_reason.status_code == 400
    assert no_reason.json()["errors"][0]["field"] == "reason"
    unknown = callers["member"].post(url(project, "transitions"), {"to_stage": "nowhere"})
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "to_stage"
    assert not StageTransition.objects.exists()
    assert Project.objects.get(pk=project.pk).stage == Stage.FRAMING


def test_partner_lab_may_not_move(callers, project):
    response = callers["partner"].post(
        url(project, "transitions"), {"to_stage": "immersion", "reason": "x"}
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["message"] == (
        "Seule l'équipe du laboratoire pilote ou la coordination nationale peut faire avancer "
        "ce projet."
    )


def test_journal_create_and_list(callers, project):
    today = timezone.localdate()
    response = callers["partner"].post(
        url(project, "journal"),
        {
            "kind": "user_test",
            "happened_on": today.isoformat(),
            "title": "Test du prototype",
            "users_count": 7,
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "user_test"
    assert (body["users_count"], body["agents_count"], body["notes"]) == (7, 0, "")
    assert Activity.objects.get().created_by.full_name == "Paul Partenaire"

    future = callers["member"].post(
        url(project, "journal"),
        {
            "kind": "workshop",
            "happened_on": (today + datetime.timedelta(days=2)).isoformat(),
            "title": "Plus tard",
        },
        format="json",
    )
    assert future.status_code == 400
    assert future.json()["errors"] == [
        {
            "field": "happened_on",
            "message": "La date ne peut pas être dans le futur : le journal consigne ce qui a "
            "eu lieu.",
            "code": "invalid",
        }
    ]
    listed = callers["member"].get(url(project, "journal")).json()
    assert [a["title"] for a in listed["results"]] == ["Test du prototype"]


def test_journal_post_by_outsider_is_refused(callers, project):
    Project.objects.filter(pk=project.pk).update(is_public=True)
    response = callers["outsider"].post(
        url(project, "journal"),
        {"kind": "workshop", "happened_on": "2024-01-01", "title": "x"},
        format="json",
    )
    assert response.status_code == 403
    assert not Activity.objects.exists()


def test_publish_and_unpublish(callers, project):
    assert callers["anonymous"].post(url(project, "publish")).status_code == 401
    assert callers["outsider"].post(url(project, "publish")).status_code == 404
    assert callers["partner"].post(url(project, "publish")).status_code == 403

    response = callers["member"].post(url(project, "publish"))

    assert response.status_code == 200
    assert response.json()["key"] == project.key
    assert response.json()["is_public"] is True
    assert response.json()["published_at"]
    again = callers["member"].post(url(project, "publish"))
    assert again.status_code == 400
    assert again.json()["errors"][0]["message"] == "La fiche de ce projet est déjà publiée."
    assert callers["anonymous"].get(f"/api/v1/projects/{project.key}/").status_code == 200
    assert callers["member"].post(url(project, "unpublish")).json()["is_public"] is False
    assert callers["anonymous"].get(f"/api/v1/projects/{project.key}/").status_code == 404


def test_lineage_as_nested_json(callers, project):
    Project.objects.filter(pk=project.pk).update(is_public=True)
    reuse = ProjectFactory(key="reprise", title="Reprise", scaled_from=project)
    ProjectFactory(scaled_from=reuse, private=True)

    response = callers["anonymous"].get(url(reuse, "lineage"))

    assert response.status_code == 200
    assert response.json() == {
        "reuse_count": 2,
        "root": {
            "key": "accueil-usagers",
            "title": "Accueil des usagers en préfecture",
            "lead_lab": {"key": "innovmandie", "name": "Innov'mandie"},
            "is_current": False,
            "hidden_reuses": 0,
            "reuses": [
                {
                    "key": "reprise",
                    "title": "Reprise",
                    "lead_lab": {"key": reuse.lead_lab.key, "name": reuse.lead_lab.name},
                    "is_current": True,
                    "hidden_reuses": 1,
                    "reuses": [],
                }
            ],
        },
    }
    assert callers["anonymous"].get(url(ProjectFactory(private=True), "lineage")).status_code == 404


def test_similar_projects(callers, project):
    Project.objects.filter(pk=project.pk).update(is_public=True)
    ProjectFactory(key="proche", title="Accueil des usagers en sous-préfecture")
    ProjectFactory(key="cache", title="Accueil des usagers en mairie", private=True)
    projects_reindex()

    response = callers["anonymous"].get(url(project, "similar"))

    assert response.status_code == 200
    items = response.json()
    assert [i["key"] for i in items][:1] == ["proche"]
    assert "cache" not in [i["key"] for i in items]
    assert set(items[0]) == {"key", "title", "lead_lab", "stage", "score", "url"}
    assert items[0]["url"] == "http://testserver/projets/proche/"
    assert callers["coordinator"].get(url(project, "similar")).status_code == 200
    Project.objects.filter(pk=project.pk).update(is_public=False)
    assert callers["anonymous"].get(url(project, "similar")).status_code == 404


def test_internal_notes_and_next_steps_stay_out_of_the_public_api(api, project):
    Project.objects.filter(pk=project.pk).update(is_public=True)
    body = api.get(f"/api/v1/projects/{project.key}/").json()
    assert not {"internal_notes", "notes", "next_steps", "documents"} & set(body)


@pytest.mark.parametrize("action", ["journal", "transitions"])
def test_lists_do_not_grow(callers, project, lab_member, action):
    def add(n):
        for _ in range(n):
            ActivityFactory(project=project, created_by=lab_member)
            StageTransition.objects.create(
                project=project,
                actor=lab_member,
                from_stage="framing",
                to_stage="framing",
                reason="r",
            )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert callers["member"].get(url(project, action)).status_code == 200
        return len(ctx.captured_queries)

    add(1)
    one = count()
    add(2)
    # token and user, the user's labs (read once for the visibility and the rules), the
    # project and its partner labs, count, the page
    assert count() == one == 6


def test_schema_documents_the_endpoints_and_stays_clean(api):
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    for action in ("transitions", "journal", "similar", "lineage", "publish", "unpublish"):
        assert f"/api/v1/projects/{{key}}/{action}/" in paths
    assert set(paths["/api/v1/projects/{key}/transitions/"]) == {"get", "post"}
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=StringIO())
