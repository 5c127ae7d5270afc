"""similar_projects, similar_to_project and project_search over the real dataset and
over made-up projects: French matching, ranking, visibility, fixed query count."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import prefetch_related_objects

from labnet.search.selectors import (
    SimilarProject,
    project_search,
    project_search_ids,
    similar_projects,
    similar_to_project,
)
from labnet.search.services import project_index_update
from tests.factories import LabFactory, MembershipFactory, ProjectFactory, UserFactory

from .conftest import ACCELERATOR, RESIDENCE_PERMITS

ANONYMOUS = AnonymousUser()


def keys(results):
    return [result.project.key for result in results]


def indexed(**fields):
    project = ProjectFactory(**fields)
    project_index_update(project=project)
    return project


# The real network -------------------------------------------------------------------


def test_similar_to_the_residence_permits_project_has_the_accelerator_in_the_first_three(
    project,
):
    results = similar_to_project(project=project(RESIDENCE_PERMITS), user=ANONYMOUS)

    assert ACCELERATOR in keys(results)[:3]
    # The DITP's scaling up of the same project comes first.
    assert keys(results)[0] == "ditp-titres-de-sejour-passage-a-l-echelle"


def test_similar_to_the_accelerator_has_the_residence_permits_project_in_the_first_three(
    project,
):
    results = similar_to_project(project=project(ACCELERATOR), user=ANONYMOUS)

    assert RESIDENCE_PERMITS in keys(results)[:3]


def test_similar_to_a_project_never_lists_itself_and_is_best_first(project):
    results = similar_to_project(project=project(RESIDENCE_PERMITS), user=ANONYMOUS, limit=20)

    assert RESIDENCE_PERMITS not in keys(results)
    assert 3 <= len(results) <= 19
    scores = [result.score for result in results]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)
    assert all(isinstance(result, SimilarProject) for result in results)


def test_an_idea_finds_projects_across_labs_by_stems_and_accents(network):
    results = similar_projects(
        text="Comment raccourcir le délai d'instruction des dossiers en préfecture ?",
        user=ANONYMOUS,
        limit=3,
    )

    assert ACCELERATOR in keys(results)


@pytest.mark.parametrize("text", ["délais de traitement", "DELAI de traitements", "delais"])
def test_delais_de_traitement_finds_delai_de_traitement_des_dossiers(network, text):
    wanted = indexed(
        key="courrier-lab-x",
        title="Plate-forme d'appui aux services instructeurs",
        objective="Raccourcir le délai de traitement des dossiers.",
    )

    assert wanted.key in keys(project_search(text=text, user=ANONYMOUS, limit=20))


def test_similar_projects_only_match_what_the_projects_are_about(network):
    assert ACCELERATOR in keys(similar_projects(text="relance", user=ANONYMOUS))
    assert similar_projects(text="astrophysique gravitationnelle", user=ANONYMOUS) == []


# Visibility -------------------------------------------------------------------------


@pytest.fixture
def unpublished(db):
    lab = LabFactory(key="lab-prive")
    project = indexed(
        key="brouillon",
        lead_lab=lab,
        is_public=False,
        title="Guichet unique de la zythologie",
        objective="Simplifier les démarches des brasseurs.",
    )
    return project


def test_an_unpublished_project_never_appears_for_a_visitor_or_an_outsider(unpublished):
    outsider = MembershipFactory(lab=LabFactory()).user

    for user in (ANONYMOUS, UserFactory(), outsider):
        assert similar_projects(text="zythologie", user=user) == []
        assert project_search(text="zythologie brasseurs", user=user) == []


def test_an_unpublished_project_appears_for_its_labs_members_and_the_coordinator(
    unpublished, coordinator
):
    lead_member = MembershipFactory(lab=unpublished.lead_lab).user
    partner_lab = LabFactory()
    unpublished.partner_labs.add(partner_lab)
    partner_member = MembershipFactory(lab=partner_lab).user

    for user in (lead_member, partner_member, coordinator):
        assert keys(similar_projects(text="zythologie", user=user)) == ["brouillon"]


def test_search_ids_are_the_searchs_projects_in_its_order_for_each_reader(unpublished, coordinator):
    indexed(key="publie", title="Zythologie et démarches des brasseurs", objective="Bière.")
    indexed(key="autre", title="Brasseurs du Nord", objective="Zythologie.")
    member = MembershipFactory(lab=unpublished.lead_lab).user
    text = "zythologie brasseurs"
    for user in (ANONYMOUS, member, coordinator):
        found = project_search(text=text, user=user, limit=20)
        assert project_search_ids(text=text, user=user, limit=20) == [r.project.pk for r in found]
    assert "brouillon" not in keys(project_search(text=text, user=ANONYMOUS))
    assert unpublished.pk in project_search_ids(text=text, user=member)
    assert project_search_ids(text="  ", user=member) == []


def test_similar_to_a_published_project_hides_unpublished_ones_from_visitors(unpublished):
    published = indexed(
        key="publie", title="Zythologie et démarches des brasseurs", objective="Zythologie."
    )
    member = MembershipFactory(lab=unpublished.lead_lab).user

    assert similar_to_project(project=published, user=ANONYMOUS) == []
    assert keys(similar_to_project(project=published, user=member)) == ["brouillon"]


# Arguments --------------------------------------------------------------------------


def test_exclude_ids_and_limit(db):
    first = indexed(key="a", title="Zythologie A")
    second = indexed(key="b", title="Zythologie B")
    third = indexed(key="c", title="Zythologie C")

    assert sorted(keys(similar_projects(text="zythologie", user=ANONYMOUS))) == ["a", "b", "c"]
    assert sorted(
        keys(similar_projects(text="zythologie", user=ANONYMOUS, exclude_ids=[first.pk, None]))
    ) == ["b", "c"]
    assert keys(
        similar_projects(text="zythologie", user=ANONYMOUS, exclude_ids=(first.pk, second.pk))
    ) == [third.key]
    assert len(similar_projects(text="zythologie", user=ANONYMOUS, limit=2)) == 2
    assert similar_projects(text="zythologie", user=ANONYMOUS, limit=0) == []


@pytest.mark.parametrize("text", ["", "   ", "le la les de des et", "l'", "?!;", None])
def test_empty_or_stop_word_text_gives_nothing_without_error(network, text):
    assert similar_projects(text=text, user=ANONYMOUS) == []
    assert project_search(text=text, user=ANONYMOUS, limit=5) == []


def test_text_cannot_inject_query_syntax(network):
    for text in [
        '"délais" OR NOT',
        "délais* AND (",
        "délais | !traitement & 'x'",
        "NEAR(délais traitement)",
        "délais:A",
    ]:
        assert ACCELERATOR in keys(project_search(text=text, user=ANONYMOUS, limit=20))


# Queries ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["visitor", "member", "coordinator"])
def test_the_query_count_does_not_grow_with_the_results(
    kind, django_assert_num_queries, coordinator
):
    lab = LabFactory()
    user = {
        "visitor": ANONYMOUS,
        "member": MembershipFactory(lab=lab).user,
        "coordinator": coordinator,
    }[kind]
    # (memberships, read once per user object: the first search only), counts, ranking,
    # projects, themes
    expected = 5 if kind == "member" else 4
    indexed(key="un", lead_lab=lab, title="Zythologie")
    for n in range(3):
        project = indexed(key=f"trois-{n}", lead_lab=lab, title="Brasserie artisanale")
        project.themes.add(*project.lead_lab.themes.all())

    with django_assert_num_queries(expected):
        assert len(similar_projects(text="zythologie", user=user)) == 1
    with django_assert_num_queries(4):
        results = similar_projects(text="brasserie", user=user)
        assert len(results) == 3
        # Everything a list shows is already fetched.
        [(r.project.lead_lab.name, r.project.region, list(r.project.themes.all())) for r in results]


def test_similar_to_project_adds_no_query_when_its_themes_are_prefetched(
    project, django_assert_num_queries
):
    source = project(RESIDENCE_PERMITS)
    prefetch_related_objects([source], "themes")

    with django_assert_num_queries(4):  # counts, ranking, projects, themes
        assert len(similar_to_project(project=source, user=ANONYMOUS, limit=3)) == 3
