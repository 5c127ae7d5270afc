import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from labnet.resources.enums import Licence, ResourceKind
from labnet.resources.models import Resource
from labnet.resources.selectors import (
    ResourceFilters,
    project_choices_for_linking,
    projects_for_linking,
    proposals_of,
    resource_filter_options,
    resource_get_visible,
    resource_kind_counts,
    resource_library,
    resources_for_project,
    review_queue,
)
from tests.factories import LabFactory, ProjectFactory, ThemeFactory

from .factories import ResourceFactory

pytestmark = pytest.mark.django_db


def _keys(resources):
    return [r.key for r in resources]


@pytest.fixture
def library():
    theme = ThemeFactory(key="design")
    ResourceFactory(key="atlas", title="Atlas", kind=ResourceKind.REPORT, tags=["réseau"])
    ResourceFactory(
        key="kit",
        title="Kit d'atelier",
        kind=ResourceKind.TOOLKIT,
        tags=["atelier", "réseau"],
        themes=[theme],
        licence=Licence.CC_BY_4,
        summary="Cartes pour animer un atelier avec des usagers.",
    )
    ResourceFactory(key="methode", title="Méthode", tags=["atelier"])
    ResourceFactory(key="proposee", title="Proposée", proposed=True, tags=["secret"])
    ResourceFactory(key="refusee", title="Refusée", refused=True)


def test_the_library_shows_published_resources_only(library):
    assert _keys(resource_library()) == ["atlas", "kit", "methode"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=toolkit", ["kit"]),
        ("tag=Atelier", ["kit", "methode"]),
        ("theme=design", ["kit"]),
        ("licence=cc-by-4.0", ["kit"]),
        ("q=CARTES", ["kit"]),
        ("tag=réseau&kind=report", ["atlas"]),
        ("tag=secret", []),
    ],
)
def test_filters(library, query, expected):
    filters = ResourceFilters.from_query(QueryDict(query))
    assert _keys(resource_library(filters=filters)) == expected


def test_kind_counts_follow_the_other_filters_but_not_the_kind(library):
    filters = ResourceFilters.from_query(QueryDict("tag=réseau&kind=report"))
    assert resource_kind_counts(filters=filters) == [
        ("method", "méthode", 0),
        ("toolkit", "boîte à outils", 1),
        ("template", "modèle", 0),
        ("report", "rapport ou publication", 1),
        ("good_practice", "bonne pratique", 0),
        ("other", "autre", 0),
    ]


def test_filter_options_name_only_what_published_resources_use(library):
    options = resource_filter_options()
    assert options["tags"] == ["atelier", "réseau"]
    assert [t.key for t in options["themes"]] == ["design"]


def test_a_proposal_is_read_by_its_proposer_and_the_coordination_only(
    agent, lab_member, coordinator
):
    ResourceFactory(key="brouillon", proposed=True, proposed_by=lab_member)
    assert resource_get_visible(user=lab_member, key="brouillon").key == "brouillon"
    assert resource_get_visible(user=coordinator, key="brouillon").key == "brouillon"
    for user in (agent, AnonymousUser()):
        with pytest.raises(Resource.DoesNotExist):
            resource_get_visible(user=user, key="brouillon")


def test_a_resource_lists_only_the_projects_its_reader_may_see(lab, lab_member):
    public = ProjectFactory(key="public", title="A public")
    private = ProjectFactory(key="private", title="B private", lead_lab=lab, private=True)
    ResourceFactory(key="kit", projects=[public, private])
    for user, expected in ((AnonymousUser(), ["public"]), (lab_member, ["public", "private"])):
        resource = resource_get_visible(user=user, key="kit")
        assert [p.key for p in resource.projects.all()] == expected


def test_my_proposals_and_the_review_queue(lab_member, coordinator):
    old = ResourceFactory(key="old", proposed=True, proposed_by=lab_member)
    ResourceFactory(key="mine-published", proposed_by=lab_member)
    ResourceFactory(key="someone-elses", proposed=True, proposed_by=coordinator)
    new = ResourceFactory(key="new", proposed=True, proposed_by=lab_member)
    assert _keys(proposals_of(user=lab_member)) == [new.key, "mine-published", old.key]
    assert _keys(review_queue()) == ["old", "someone-elses", "new"]


def test_projects_offered_for_linking_are_the_users_labs_not_yet_linked(lab, lab_member):
    led = ProjectFactory(key="led", lead_lab=lab)
    partnered = ProjectFactory(key="partnered", lead_lab=LabFactory())
    partnered.partner_labs.add(lab)
    ProjectFactory(key="elsewhere")
    resource = ResourceFactory(projects=[led])
    assert _keys(projects_for_linking(user=lab_member, resource=resource)) == ["partnered"]


def test_a_project_page_lists_the_published_resources_it_used():
    project = ProjectFactory()
    ResourceFactory(key="b", title="B", projects=[project])
    ResourceFactory(key="a", title="A", projects=[project])
    ResourceFactory(key="hidden", proposed=True, projects=[project])
    assert _keys(resources_for_project(project=project)) == ["a", "b"]


def test_the_list_for_linking_offers_what_the_form_accepts_by_title(lab, lab_member):
    """The list's own query (led UNION partnered, each from its index) gives the same
    projects as `projects_for_linking`, by title, each once."""
    other = LabFactory()
    ProjectFactory(key="zeta", title="Zêta", lead_lab=lab)
    linked = ProjectFactory(key="linked", title="Lié", lead_lab=lab)
    partnered = ProjectFactory(key="partnered", title="Milieu", lead_lab=other)
    partnered.partner_labs.add(lab)
    both = ProjectFactory(key="both", title="Alpha", lead_lab=lab)
    both.partner_labs.add(lab)
    ProjectFactory(key="elsewhere", title="Ailleurs", lead_lab=other)
    resource = ResourceFactory(projects=[linked])

    choices = project_choices_for_linking(user=lab_member, resource=resource)

    assert choices == [("both", "Alpha"), ("partnered", "Milieu"), ("zeta", "Zêta")]
    accepted = projects_for_linking(user=lab_member, resource=resource)
    assert sorted(choices) == sorted(accepted.values_list("key", "title"))
