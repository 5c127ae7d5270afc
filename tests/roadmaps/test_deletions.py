"""Deleting a roadmap, an axis, a group or an item: a confirmation page that works without
JavaScript, then the deletion by the roadmap's lab leads and the coordinator only (the
service refuses everyone else), audited, with the items out of the search's memory and
linked projects untouched."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.core.models import AuditEntry
from labnet.projects.models import Project
from labnet.roadmaps.models import Axis, Group, Item, Roadmap
from labnet.roadmaps.services import axis_delete, group_delete, item_delete, roadmap_delete
from labnet.search.models import MemoryDocument
from tests.factories import ProjectFactory

from .conftest import add_items

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "agent", "member", "lead", "other_lead", "coordinator"]
EDITORS = {"lead", "coordinator"}
BASE = "/feuilles-de-route/cap-2030"


def _as(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    return client


def _urls():
    group = Group.objects.get()
    return {
        "roadmap": f"{BASE}/supprimer/",
        "axis": f"{BASE}/axes/axe-1/supprimer/",
        "group": f"{BASE}/groupes/{group.pk}/supprimer/",
        "item": f"{BASE}/elements/item-0/supprimer/",
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("what", ["roadmap", "axis", "group", "item"])
def test_the_confirmation_page_and_the_deletion_are_the_editors(
    client, people, roadmap, role, what
):
    client = _as(client, people, role)
    url = _urls()[what]
    page = client.get(url)
    posted = client.post(url)
    if role == "anonymous":
        assert page.status_code == posted.status_code == 302
        assert "connexion" in page["Location"]
    elif role in EDITORS:
        assert page.status_code == 200
        html = page.content.decode()
        assert f'<form method="post" action="{url}"' in html
        assert "Supprimer définitivement" in html
        assert posted.status_code == 302
    else:
        assert page.status_code == posted.status_code == 403
    deleted = role in EDITORS
    remaining = {
        "roadmap": Roadmap.objects.count(),
        "axis": Axis.objects.count(),
        "group": Group.objects.count(),
        "item": Item.objects.count(),
    }[what]
    assert remaining == (0 if deleted else 1)
    audited = AuditEntry.objects.filter(action=f"roadmaps.{what}_delete")
    assert audited.count() == (1 if deleted else 0)
    if deleted:
        assert audited.get().actor == people[role]


def test_the_confirmation_says_what_goes_with_it(client, people, roadmap):
    add_items(Group.objects.get(), 2, start=1)
    html = _as(client, people, "lead").get(f"{BASE}/supprimer/").content.decode()
    assert "La feuille de route « CAP 2030 », son axe et ses groupes seront supprimés." in html
    assert "3 éléments sont supprimés avec lui." in html
    english = client.get(f"/en{BASE}/supprimer/")
    assert english.status_code == 200
    # The module-level sentence follows the reader's language (it was once frozen in French).
    assert "The projects its items are linked to are not affected." in english.content.decode()


def test_deleting_an_axis_takes_its_items_out_of_the_memory_and_keeps_linked_projects(
    people, roadmap
):
    group = Group.objects.get()
    project = ProjectFactory(lead_lab=people["lab"], key="projet-lie")
    Item.objects.create(group=group, key="lie", title="Lié", position=9, project=project)
    assert MemoryDocument.objects.filter(kind="roadmap_item").count() == 1
    axis_delete(actor=people["lead"], axis=Axis.objects.get())
    assert (Group.objects.count(), Item.objects.count()) == (0, 0)
    assert MemoryDocument.objects.filter(kind="roadmap_item").count() == 0
    assert Project.objects.filter(key="projet-lie").exists()
    entry = AuditEntry.objects.get(action="roadmaps.axis_delete")
    assert entry.changes == {"title": "Transformation", "roadmap": "cap-2030", "items": 2}


@pytest.mark.parametrize("role", ["agent", "member", "other_lead"])
def test_the_services_refuse_anyone_but_the_editors(people, roadmap, role):
    actor = people[role]
    group = Group.objects.select_related("axis__roadmap").get()
    item = Item.objects.select_related("group__axis__roadmap").get()
    message = (
        "Seuls les responsables du laboratoire porteur et la coordination nationale "
        "modifient cette feuille de route."
    )
    for delete in (
        lambda: item_delete(actor=actor, item=item),
        lambda: group_delete(actor=actor, group=group),
        lambda: axis_delete(actor=actor, axis=group.axis),
        lambda: roadmap_delete(actor=actor, roadmap=roadmap),
    ):
        with pytest.raises(PermissionDenied) as refused:
            delete()
        assert str(refused.value) == message
    assert (Roadmap.objects.count(), Item.objects.count()) == (1, 1)
    assert not AuditEntry.objects.filter(action__endswith="_delete").exists()


def test_the_edit_page_links_each_deletion(client, people, roadmap):
    html = _as(client, people, "coordinator").get(f"{BASE}/modifier/").content.decode()
    for url in _urls().values():
        assert f'href="{url}"' in html


def test_the_confirmation_pages_do_not_grow_with_items(client, people, roadmap):
    client.force_login(people["lead"])

    def counts():
        result = {}
        for what, url in _urls().items():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result[what] = len(queries)
        return result

    one = counts()
    add_items(Group.objects.get(), 2, start=1, project_lab=people["lab"])
    assert counts() == one
