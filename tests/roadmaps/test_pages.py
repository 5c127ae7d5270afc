"""Roadmap pages: public list and page, edit pages for the lab's leads and the coordinator
(every role tried), stated figures beside counted ones, bounded query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.core.models import AuditEntry
from labnet.roadmaps.models import Axis, Group, Item, Roadmap
from tests.factories import ProjectFactory

from .conftest import add_items

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "agent", "member", "lead", "other_lead", "coordinator"]
EDITORS = {"lead", "coordinator"}


def _as(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_the_list_and_the_page(client, people, roadmap, role):
    client = _as(client, people, role)
    listing = client.get("/feuilles-de-route/")
    page = client.get("/feuilles-de-route/cap-2030/")
    assert listing.status_code == page.status_code == 200
    html = page.content.decode()
    assert ("Modifier la feuille de route" in html) == (role in EDITORS)
    assert client.get("/en/feuilles-de-route/cap-2030/").status_code == 200
    assert client.get("/feuilles-de-route/inconnue/").status_code == 404


EDIT_URLS = [
    "/feuilles-de-route/cap-2030/modifier/",
    "/feuilles-de-route/cap-2030/axes/nouveau/",
    "/feuilles-de-route/cap-2030/axes/axe-1/",
    "/feuilles-de-route/cap-2030/axes/axe-1/groupes/nouveau/",
    "/feuilles-de-route/cap-2030/elements/nouveau/",
    "/feuilles-de-route/cap-2030/elements/item-0/",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", EDIT_URLS)
def test_edit_pages_are_for_the_labs_leads_and_the_coordinator(client, people, roadmap, role, url):
    response = _as(client, people, role).get(url)
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if role in EDITORS else 403)


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_write(client, people, roadmap, role):
    client = _as(client, people, role)
    group = Group.objects.get()
    client.post("/feuilles-de-route/cap-2030/axes/nouveau/", {"title": "Axe nouveau"})
    client.post(
        "/feuilles-de-route/cap-2030/elements/nouveau/",
        {"title": "Nouvel élément", "group": group.pk},
    )
    allowed = role in EDITORS
    assert Axis.objects.count() == (2 if allowed else 1)
    assert Item.objects.count() == (2 if allowed else 1)
    assert AuditEntry.objects.filter(action__startswith="roadmaps.").count() == (
        2 if allowed else 0
    )


def test_creating_a_roadmap_is_for_leads_of_their_lab_and_the_coordinator(client, people):
    client.force_login(people["member"])
    assert client.get("/feuilles-de-route/nouvelle/").status_code == 403
    client.force_login(people["lead"])
    response = client.post(
        "/feuilles-de-route/nouvelle/", {"title": "Plan 2030", "lab": people["lab"].pk}
    )
    assert response.status_code == 302
    assert Roadmap.objects.get().lab == people["lab"]
    client.force_login(people["other_lead"])
    refused = client.post(
        "/feuilles-de-route/nouvelle/", {"title": "Pas le mien", "lab": people["lab"].pk}
    )
    assert refused.status_code == 400
    assert "Pas le mien" in refused.content.decode()
    assert Roadmap.objects.count() == 1


def test_a_lead_links_an_item_to_a_project_and_the_page_shows_its_stage(client, people, roadmap):
    project = ProjectFactory(key="osmose", title="OSMOSE", lead_lab=people["lab"], stage="testing")
    client.force_login(people["lead"])
    bad = client.post(
        "/feuilles-de-route/cap-2030/elements/item-0/",
        {"title": "Élément 0", "group": Group.objects.get().pk, "project_key": "inconnu"},
    )
    assert bad.status_code == 400
    assert "Aucun projet que vous pouvez voir n&#x27;a la clé « inconnu »" in bad.content.decode()
    ok = client.post(
        "/feuilles-de-route/cap-2030/elements/item-0/",
        {"title": "Élément 0", "group": Group.objects.get().pk, "project_key": "osmose"},
    )
    assert ok.status_code == 302
    assert Item.objects.get().project == project
    client.logout()
    html = client.get("/feuilles-de-route/cap-2030/").content.decode()
    row = html[html.index('id="item-item-0"') :]
    row = row[: row.index("</tr>")]
    assert "OSMOSE" in row and "test" in row


def test_stated_figures_show_beside_counted_ones_with_the_gap(client, roadmap):
    html = client.get("/feuilles-de-route/cap-2030/").content.decode()
    assert '<td id="stated-projects">22</td><td id="counted-items">1</td>' in html
    assert "La source annonce 22 projets et en liste 1 : l'écart de 21 projets" in html


def test_an_item_linked_to_an_unpublished_project_does_not_show_it(client, people, roadmap):
    project = ProjectFactory(title="Secret", lead_lab=people["lab"], private=True)
    Item.objects.filter(key="item-0").update(project=project)
    html = client.get("/feuilles-de-route/cap-2030/").content.decode()
    assert "Secret" not in html and "projet non publié" in html
    client.force_login(people["member"])
    assert "Secret" in client.get("/feuilles-de-route/cap-2030/").content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_roadmap_pages_do_not_grow_with_items(client, people, roadmap, signed_in):
    if signed_in:
        client.force_login(people["member"])
    group = Group.objects.get()
    add_items(group, 1, start=10, project_lab=people["lab"])
    one = {
        url: _count(client, url) for url in ("/feuilles-de-route/", "/feuilles-de-route/cap-2030/")
    }
    add_items(group, 2, start=20, project_lab=people["lab"])
    Roadmap.objects.create(key="autre", title="Autre", lab=people["lab"])
    for url, count in one.items():
        assert _count(client, url) == count, url
    html = client.get("/feuilles-de-route/cap-2030/").content.decode()
    # Items linked to projects at "prototypage" with reached indicators: on track.
    assert "Prototypage : 3" in html or "prototypage : 3" in html
    assert "3 sur 3 calculables (3 au total)" in html


def test_the_lab_page_lists_its_roadmaps(client, roadmap):
    html = client.get("/laboratoires/etat-lin/").content.decode()
    section = html[html.index('id="lab-roadmaps"') :]
    assert '<a href="/feuilles-de-route/cap-2030/">CAP 2030</a>' in section


def test_the_list_counts_axes_items_and_linked_items(client, people, roadmap):
    from labnet.roadmaps.selectors import roadmap_list

    group = Group.objects.get()
    add_items(group, 2, start=10, project_lab=people["lab"])
    Axis.objects.create(roadmap=roadmap, key="axe-2", title="Deux", position=2)
    Roadmap.objects.create(key="vide", title="Vide", lab=people["lab"])
    counts = {r.key: (r.axis_count, r.item_count, r.linked_count) for r in roadmap_list()}
    assert counts == {"cap-2030": (2, 3, 2), "vide": (0, 0, 0)}
    html = client.get("/feuilles-de-route/").content.decode()
    assert "<td>3 / 2</td>" in html and "<td>22 / 3 / 2</td>" in html
