"""Keeping the index in step: the project services, updates, removal, deletion, rollback,
and the full rebuild (search_reindex)."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection, transaction

from labnet.projects.models import Project
from labnet.projects.services import project_create, project_take_up
from labnet.search.models import ProjectSearchDocument
from labnet.search.selectors import project_search, similar_projects
from labnet.search.services import (
    project_index_remove,
    project_index_update,
    projects_reindex,
)
from tests.factories import LabFactory, MembershipFactory, ProjectFactory, ThemeFactory

ANONYMOUS = AnonymousUser()


def found(text, user=ANONYMOUS):
    return [result.project.key for result in project_search(text=text, user=user, limit=50)]


def index_rows():
    """What the database's own index holds, whatever the vendor."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid FROM search_project_fts ORDER BY rowid")
        else:
            cursor.execute(
                "SELECT project_id FROM search_projectsearchdocument "
                "WHERE vector IS NOT NULL ORDER BY project_id"
            )
        return [row[0] for row in cursor.fetchall()]


def test_a_created_project_is_found_at_once_by_its_lab(lab, lab_member):
    theme = ThemeFactory(key="zytho", name_fr="Zythologie")

    project = project_create(
        actor=lab_member,
        lead_lab=lab,
        title="Accueil des brasseurs",
        objective="Simplifier les formalités.",
        themes=[theme],
    )

    document = ProjectSearchDocument.objects.get(project=project)
    assert document.title == "Accueil des brasseurs"
    assert document.text == "Zythologie\nSimplifier les formalités."
    # Unpublished: its lab sees it, visitors do not.
    assert found("zythologie", lab_member) == [project.key]
    assert found("formalité brasseur", lab_member) == [project.key]
    assert found("zythologie") == []


def test_a_taken_up_project_is_indexed_too(lab, lab_member):
    source = ProjectFactory(title="Guichet des brasseurs", objective="Zythologie locale.")
    project_index_update(project=source)
    other_lab = LabFactory()
    member = MembershipFactory(lab=other_lab).user

    copy = project_take_up(
        actor=member, source=source, lab=other_lab, adaptation_notes="Adapté.", title="Reprise"
    )

    assert sorted(found("zythologie", member)) == sorted([source.key, copy.key])


def test_an_update_replaces_the_old_words(db):
    project = ProjectFactory(key="p", title="Zythologie", objective="")
    project_index_update(project=project)

    project.title = "Œnologie"
    project.save()
    project_index_update(project=project)

    assert found("zythologie") == []
    assert found("oenologie") == ["p"]
    assert found("œnologie") == ["p"]
    assert index_rows() == [project.pk]
    assert ProjectSearchDocument.objects.count() == 1


def test_themes_and_every_part_of_the_sheet_are_searchable(db):
    project = ProjectFactory(
        key="p",
        title="Titre",
        objective="Objectif zythologique",
        approach="Démarche brassicole",
        results="Résultats houblonnés",
    )
    project.themes.add(ThemeFactory(name_fr="Malterie"))
    project_index_update(project=project)

    for word in ("titre", "zythologique", "brassicole", "houblonnés", "malteries"):
        assert found(word) == ["p"], word


def test_remove_takes_a_project_out(db):
    kept = ProjectFactory(key="kept", title="Zythologie")
    gone = ProjectFactory(key="gone", title="Zythologie")
    for project in (kept, gone):
        project_index_update(project=project)

    project_index_remove(project_id=gone.pk)
    project_index_remove(project_id=gone.pk)  # twice: nothing to do, no error

    assert found("zythologie") == ["kept"]
    assert index_rows() == [kept.pk]


def test_deleting_a_project_takes_it_out_of_the_index(db):
    kept = ProjectFactory(key="kept", title="Zythologie")
    gone = ProjectFactory(key="gone", title="Zythologie")
    for project in (kept, gone):
        project_index_update(project=project)

    gone.delete()

    assert found("zythologie") == ["kept"]
    assert index_rows() == [kept.pk]


def test_the_index_rolls_back_with_the_write_that_failed(db):
    project = ProjectFactory(key="p", title="Zythologie")
    project_index_update(project=project)

    with pytest.raises(RuntimeError), transaction.atomic():
        project.title = "Œnologie"
        project_index_update(project=project)
        raise RuntimeError

    assert found("zythologie") == ["p"]
    assert found("oenologie") == []


def test_reindex_rebuilds_everything_and_is_idempotent(db):
    # Written behind the services' back (as an import does): not indexed yet.
    Project.objects.bulk_create(
        [
            Project(key="a", title="Zythologie", objective="Brasseurs"),
            Project(key="b", title="Œnologie", objective="Vignerons", is_public=True),
        ]
    )
    stale = ProjectFactory(key="stale", title="Ancien titre")
    project_index_update(project=stale)
    Project.objects.filter(key="stale").update(title="Nouveau titre")

    assert projects_reindex(batch_size=2) == 3
    first = (list(ProjectSearchDocument.objects.values_list("pk", "title", "text")), index_rows())
    assert projects_reindex() == 3
    again = (list(ProjectSearchDocument.objects.values_list("pk", "title", "text")), index_rows())

    assert first == again
    assert len(index_rows()) == 3
    assert found("ancien") == []
    assert found("nouveau") == ["stale"]
    assert found("vigneron") == ["b"]


def test_reindex_command_reports_what_it_did(db):
    ProjectFactory.create_batch(3)
    out = io.StringIO()

    call_command("search_reindex", "--batch-size", "2", stdout=out)

    assert out.getvalue().startswith("3 projets indexés en ")
    assert ProjectSearchDocument.objects.count() == 3


def test_an_empty_network_reindexes_to_an_empty_index(db):
    assert projects_reindex() == 0
    assert similar_projects(text="zythologie", user=ANONYMOUS) == []


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL term statistics")
def test_term_statistics_follow_every_write(db):
    """The counts the ranking weighs words with equal a recount after any writes."""

    def counted():
        with connection.cursor() as cursor:
            cursor.execute("SELECT term, documents FROM search_term_stat WHERE documents > 0")
            return dict(cursor.fetchall())

    def recount():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat('SELECT vector FROM search_projectsearchdocument') "
                "UNION ALL SELECT '', count(*) FROM search_projectsearchdocument"
            )
            return {term: n for term, n in cursor.fetchall() if n}

    projects = [ProjectFactory(title=f"Zythologie {n}") for n in range(3)]
    projects_reindex()
    assert counted() == recount()
    assert counted()[""] == 3

    for project in projects:
        project_index_update(project=project)
    projects[0].title = "Œnologie"
    project_index_update(project=projects[0])
    projects[1].delete()
    project_index_remove(project_id=projects[2].pk)
    project_index_update(project=ProjectFactory(title="Brasserie"))

    assert counted() == recount()
    assert counted()[""] == 2

    Project.objects.all().delete()  # one statement for every document

    assert counted() == recount() == {}


def _term_counts():
    with connection.cursor() as cursor:
        cursor.execute("SELECT term, documents FROM search_termcount ORDER BY term")
        kept = dict(cursor.fetchall())
        cursor.execute("SELECT term, doc FROM search_project_fts_vocab ORDER BY term")
        counted = dict(cursor.fetchall())
        cursor.execute("SELECT count(*) FROM search_project_fts")
        counted[""] = cursor.fetchone()[0]
    return kept, counted


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own term counts")
def test_sqlite_term_counts_stay_those_of_the_index(lab, lab_member):
    """Kept by writes and deletions, the counts are what FTS5 counts from its postings."""
    first = ProjectFactory(title="Accueil des usagers", objective="Accueil et délais")
    second = ProjectFactory(title="Délais de paiement", objective="Paiement des usagers")
    third = ProjectFactory(title="Tiers-lieu", objective="")
    for project in (first, second, third):
        project_index_update(project=project)
    kept, counted = _term_counts()
    assert kept == counted
    assert (kept[""], kept["del"], kept["accueil"]) == (3, 2, 1)

    first.title, first.objective = "Paiement rapide", "Rapide"
    first.save()
    project_index_update(project=first)
    project_index_remove(project_id=Project.objects.get(title="Tiers-lieu").pk)
    second.delete()

    kept, counted = _term_counts()
    assert kept == counted
    assert (kept[""], kept["pai"], kept.get("accueil")) == (1, 1, None)
    projects_reindex()  # the project taken out of the index comes back in
    kept, counted = _term_counts()
    assert kept == counted
    assert (kept[""], kept["lieu"]) == (2, 1)
