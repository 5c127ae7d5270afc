"""One way to refuse (docs/adr/0030-polish-one-way-to-refuse.md): the domain raises
`PermissionDenied` with a French sentence, nobody catches it on the way up, and one handler
shows it (a page of the site, or the API's structured error)."""

import ast
import pathlib

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from labnet.core.refusals import require
from tests.api.conftest import client_with_token
from tests.projects.fixtures import *  # noqa: F403

ROOT = pathlib.Path(__file__).resolve().parents[2] / "labnet"
ENGLISH = {"the", "is", "not", "may", "only", "cannot", "must", "this", "you", "of", "to"}


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text())


def _name(func) -> str:
    return getattr(func, "id", None) or getattr(func, "attr", "")


def test_no_bare_permission_denied():
    """A refusal always says why: `raise PermissionDenied` alone is what hid the reason."""
    bare = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Raise)
        and (
            (isinstance(node.exc, ast.Name) and node.exc.id == "PermissionDenied")
            or (
                isinstance(node.exc, ast.Call)
                and _name(node.exc.func) == "PermissionDenied"
                and not node.exc.args
            )
        )
    ]
    assert bare == []


def test_views_never_catch_a_refusal():
    """Pages let the refusal reach the handler, which shows the service's reason."""
    caught = []
    for path, tree in _modules():
        if not str(path.relative_to(ROOT)).startswith("www"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = [n for n in ast.walk(node.type) if isinstance(n, ast.Name)]
                if any(n.id == "PermissionDenied" for n in names):
                    caught.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert caught == []


def test_no_private_forbidden_helpers():
    helpers = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name in {"_forbidden", "forbidden_page"}
    ]
    assert helpers == []


def test_refusal_and_validation_messages_are_french():
    """No English sentence in a PermissionDenied or ValidationError raised by LabNet."""
    english = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in {
                "PermissionDenied",
                "ValidationError",
                "require",
            }:
                for sub in ast.walk(node):
                    if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                        words = set(sub.value.lower().replace(".", " ").split())
                        if len(words & ENGLISH) >= 2:
                            english.append(f"{path.relative_to(ROOT)}:{sub.lineno}")
    assert english == []


def test_require_raises_with_the_message():
    require(True, "jamais vu")
    with pytest.raises(PermissionDenied) as info:
        require(False, "Réservé à la coordination nationale.")
    assert str(info.value) == "Réservé à la coordination nationale."


@pytest.mark.django_db
def test_a_page_shows_the_services_reason(client, project, partner_member):
    """A partner lab's member opens the sheet editor: the lead lab's alone. The page says so
    (it used to be a bare 403 raised by the view before the rule's message existed)."""
    client.force_login(partner_member)
    response = client.get(reverse("accompaniment:sheet_edit", kwargs={"key": project.key}))
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Accès refusé</h1>" in html
    assert (
        "Seule l&#x27;équipe du laboratoire pilote ou la coordination nationale rédige et "
        "publie la fiche du projet." in html
    )


@pytest.mark.django_db
def test_a_post_refused_by_the_service_shows_its_reason(client, project, partner_member):
    client.force_login(partner_member)
    response = client.post(
        reverse("accompaniment:move", kwargs={"key": project.key}),
        {"move": "immersion", "reason": "Go"},
    )
    assert response.status_code == 403
    assert "peut faire avancer ce projet." in response.content.decode()


@pytest.mark.django_db
def test_the_api_gives_the_same_reason_structured(project, partner_member):
    api = client_with_token(partner_member)
    response = api.post(f"/api/v1/projects/{project.key}/publish/")
    assert response.status_code == 403
    assert response.json() == {
        "errors": [
            {
                "field": None,
                "message": "Seule l'équipe du laboratoire pilote ou la coordination nationale "
                "rédige et publie la fiche du projet.",
                "code": "permission_denied",
            }
        ]
    }
