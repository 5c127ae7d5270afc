"""Planned roadmap items are part of the network's memory: found beside similar projects,
marked "Feuille de route", and no longer once they are projects."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.roadmaps.selectors import similar_roadmap_items
from labnet.roadmaps.services import item_save
from labnet.search.models import MemoryDocument
from tests.factories import ProjectFactory

from .conftest import add_items

pytestmark = pytest.mark.django_db


def test_a_planned_item_is_found_by_what_it_is_about(people, roadmap):
    group = roadmap.axes.get().groups.get()
    item = item_save(
        actor=people["lead"],
        group=group,
        title="Dématérialiser le courrier entrant des préfectures",
        description="Numériser les courriers dès leur arrivée.",
    )
    found = similar_roadmap_items(text="numérisation du courrier à la préfecture", limit=5)
    assert [f.item for f in found] == [item]
    assert similar_roadmap_items(text="festival de musique", limit=5) == []


def test_the_similar_projects_partial_shows_items_with_a_badge(client, people, roadmap):
    group = roadmap.axes.get().groups.get()
    item_save(actor=people["lead"], group=group, title="Accueil des usagers en préfecture")
    project = ProjectFactory(title="Accueil des usagers", objective="Mieux accueillir les usagers.")
    html = client.get(project.get_absolute_url()).content.decode()
    section = html[html.index('id="similar-roadmap-title"') :]
    assert "Feuille de route</p>" in section
    assert "Accueil des usagers en préfecture" in section and "CAP 2030" in section


def test_an_item_linked_to_a_project_leaves_the_memory_index(people, roadmap):
    group = roadmap.axes.get().groups.get()
    item = item_save(actor=people["lead"], group=group, title="Carte agent dématérialisée")
    assert similar_roadmap_items(text="carte agent", limit=5)
    project = ProjectFactory(key="carte", lead_lab=people["lab"])
    item_save(
        actor=people["lead"], group=group, item=item, title=item.title, project_key=project.key
    )
    assert similar_roadmap_items(text="carte agent", limit=5) == []
    assert not MemoryDocument.objects.filter(object_id=item.pk).exists()


def test_finding_items_costs_the_same_queries_for_1_or_3_matches(people, roadmap):
    group = roadmap.axes.get().groups.get()
    add_items(group, 1, start=10)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            found = similar_roadmap_items(text="élément", limit=5)
        return len(ctx.captured_queries), len(found)

    one = count()
    add_items(group, 2, start=20)
    three = count()
    assert one[0] == three[0] == 3
    assert (one[1], three[1]) == (2, 4)


def test_the_guided_forms_review_step_shows_planned_items(client, people, roadmap):
    from tests.factories import DepartmentFactory, RequestFactory, ThemeFactory

    group = roadmap.axes.get().groups.get()
    item_save(actor=people["lead"], group=group, title="Dématérialiser le courrier entrant")
    draft = RequestFactory(
        author=people["agent"],
        title="Numériser le courrier",
        problem="Le courrier entrant.",
        organisation_name="Préfecture",
        current_step=6,  # the review step
    )
    draft.department = DepartmentFactory(region=draft.region)
    draft.save()
    draft.themes.add(ThemeFactory())
    client.force_login(people["agent"])
    response = client.get(f"/guichet/demandes/{draft.public_id}/relecture/")
    assert response.status_code == 200
    html = response.content.decode()
    section = html[html.index('id="similar-roadmap-title"') :]
    assert "Feuille de route</p>" in section and "Dématérialiser le courrier entrant" in section
