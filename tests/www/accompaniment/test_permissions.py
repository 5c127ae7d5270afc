"""Who gets what on every accompaniment page and form: 200, 302 (to sign in, or after a
write), 403 (may read the sheet, not the internals or this action), 404 (may not even
read the project)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from labnet.projects.enums import DocumentKind, ProjectRole
from labnet.projects.models import InternalNote, Project, ProjectDocument, ProjectPerson
from tests.factories import ActivityFactory, NextStepFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "agent", "outsider", "partner", "member", "lead", "coordinator"]


@pytest.fixture
def users(agent, outsider, partner_member, lab_member, lab_lead, coordinator):
    return {
        "anonymous": None,
        "agent": agent,
        "outsider": outsider,
        "partner": partner_member,
        "member": lab_member,
        "lead": lab_lead,
        "coordinator": coordinator,
    }


@pytest.fixture
def rows(project, lab_member):
    document = ProjectDocument.objects.create(
        project=project,
        kind=DocumentKind.REPORT,
        title="Compte rendu",
        file=SimpleUploadedFile("cr.pdf", b"%PDF-1.4 test"),
        content_type="application/pdf",
        size=13,
    )
    return {
        "activity": ActivityFactory(project=project),
        "document": document,
        "next_step": NextStepFactory(project=project, owner=lab_member),
        "note": InternalNote.objects.create(project=project, author=lab_member, body="Entre nous"),
        "person": ProjectPerson.objects.create(
            project=project, name="Sophie", role=ProjectRole.OWNER
        ),
    }


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _url(name, project, rows, row=None):
    kwargs = {"key": project.key}
    if row:
        kwargs["pk"] = rows[row].pk
    return reverse(f"accompaniment:{name}", kwargs=kwargs)


# page -> expected status per role, for an UNPUBLISHED project
GET_PAGES = {
    ("workspace", None): [302, 404, 404, 200, 200, 200, 200],
    # the workspace's task pages (the summary above is the first)
    ("move", None): [302, 404, 404, 200, 200, 200, 200],
    ("sheet", None): [302, 404, 404, 200, 200, 200, 200],
    ("activity_add", None): [302, 404, 404, 200, 200, 200, 200],
    ("document_add", None): [302, 404, 404, 200, 200, 200, 200],
    ("next_step_add", None): [302, 404, 404, 200, 200, 200, 200],
    ("note_add", None): [302, 404, 404, 200, 200, 200, 200],
    ("person_add", None): [302, 404, 404, 200, 200, 200, 200],
    ("scaling", None): [302, 404, 404, 200, 200, 200, 200],
    ("activity_edit", "activity"): [302, 404, 404, 200, 200, 200, 200],
    ("document_download", "document"): [302, 404, 404, 200, 200, 200, 200],
    ("sheet_edit", None): [302, 404, 404, 403, 200, 200, 200],
    ("partners_edit", None): [302, 404, 404, 403, 200, 200, 200],
    ("publication", None): [302, 404, 404, 403, 200, 200, 200],
    # confirmation pages of the deletions (the note is the member's own)
    ("activity_remove", "activity"): [302, 404, 404, 200, 200, 200, 200],
    ("document_remove", "document"): [302, 404, 404, 200, 200, 200, 200],
    ("note_remove", "note"): [302, 404, 404, 403, 200, 403, 200],
    ("person_remove", "person"): [302, 404, 404, 403, 200, 200, 200],
}


@pytest.mark.parametrize(("page", "expected"), GET_PAGES.items(), ids=lambda v: str(v))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_get_pages_of_an_unpublished_project(
    client, users, project, rows, page, expected, role_index
):
    name, row = page
    response = _as(client, users[ROLES[role_index]]).get(_url(name, project, rows, row))
    assert response.status_code == expected[role_index]
    if response.status_code == 302:
        assert response["Location"].startswith("/compte/connexion/")


@pytest.mark.parametrize("role", ["outsider", "agent"])
def test_a_published_project_shows_its_sheet_but_not_its_workspace(client, users, project, role):
    Project.objects.filter(pk=project.pk).update(is_public=True)
    client = _as(client, users[role])
    assert client.get(project.get_absolute_url()).status_code == 200
    assert client.get(_url("workspace", project, {})).status_code == 403


# POST endpoint -> (expected per role, data); 302 is the redirect after the write, or to sign in
POSTS = {
    ("move", None): [302, 404, 404, 403, 302, 302, 302],
    ("activity_add", None): [302, 404, 404, 302, 302, 302, 302],
    ("activity_remove", "activity"): [302, 404, 404, 302, 302, 302, 302],
    ("document_remove", "document"): [302, 404, 404, 302, 302, 302, 302],
    ("next_step_add", None): [302, 404, 404, 302, 302, 302, 302],
    ("next_step_done", "next_step"): [302, 404, 404, 302, 302, 302, 302],
    ("note_add", None): [302, 404, 404, 302, 302, 302, 302],
    ("note_remove", "note"): [302, 404, 404, 403, 302, 403, 302],
    ("person_add", None): [302, 404, 404, 403, 302, 302, 302],
    ("person_remove", "person"): [302, 404, 404, 403, 302, 302, 302],
    ("publication", None): [302, 404, 404, 403, 302, 302, 302],
}


def _post_data(name, users, role):
    today = timezone.localdate()
    return {
        "move": {"move-move": "stage:immersion", "move-reason": "Cadrage validé"},
        "activity_add": {
            "activity-kind": "workshop",
            "activity-title": "Atelier",
            "activity-happened_on": today.isoformat(),
        },
        "next_step_add": {
            "next_step-title": "Relancer",
            "next_step-owner": users["member"].pk,
            "next_step-due_on": (today + datetime.timedelta(days=2)).isoformat(),
        },
        "note_add": {"note-body": "Note"},
        "person_add": {"person-name": "Sophie", "person-role": "owner"},
        "publication": {"action": "publish"},
    }.get(name, {})


@pytest.mark.parametrize(("endpoint", "expected"), POSTS.items(), ids=lambda v: str(v))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_posts(client, users, project, rows, endpoint, expected, role_index):
    name, row = endpoint
    role = ROLES[role_index]
    response = _as(client, users[role]).post(
        _url(name, project, rows, row), _post_data(name, users, role)
    )
    assert response.status_code == expected[role_index], response.content[:300]
    if response.status_code == 302:
        target = "/compte/connexion/" if role == "anonymous" else "/accompagnement/projets/"
        assert response["Location"].startswith(target)


# The task pages of the workspace are also where their form posts: GET shows the task.
TASK_PAGES = {"move", "activity_add", "next_step_add", "note_add", "person_add"}
# Publishing goes through a preview and confirmation page (GET), its form posts there.
CONFIRMATION_PAGES = {
    "publication",
    "activity_remove",
    "document_remove",
    "note_remove",
    "person_remove",
}


def test_writes_refuse_get(client, lab_member, project, rows):
    client.force_login(lab_member)
    for name, row in POSTS:
        expected = 200 if name in TASK_PAGES | CONFIRMATION_PAGES else 405
        assert client.get(_url(name, project, rows, row)).status_code == expected, name


# --- portfolio ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["board", "portfolio_list"])
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("agent", 403),
        ("outsider", 403),
        ("partner", 403),  # a partner of one project is not in the lead lab's team
        ("member", 200),
        ("lead", 200),
        ("coordinator", 200),
    ],
)
def test_portfolio_pages(client, users, lab, project, page, role, expected):
    response = _as(client, users[role]).get(
        reverse(f"accompaniment:{page}", kwargs={"lab_key": lab.key})
    )
    assert response.status_code == expected


def test_portfolio_of_an_unknown_lab_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/accompagnement/nope/tableau/").status_code == 404
    assert client.get("/accompagnement/nope/projets/").status_code == 404


# --- take-up -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "published", "expected"),
    [
        ("anonymous", True, 302),
        ("agent", False, 404),
        ("outsider", False, 404),
        ("agent", True, 200),  # may read it; the page says only another lab's team can
        ("outsider", True, 200),
        ("member", True, 200),
        ("coordinator", False, 200),
    ],
)
def test_take_up_page(client, users, project, role, published, expected):
    Project.objects.filter(pk=project.pk).update(is_public=published)
    response = _as(client, users[role]).get(_url("take_up", project, {}))
    assert response.status_code == expected
