import pytest

from labnet.labs.models import LabContributor
from labnet.organisations.enums import CivilServiceSide
from labnet.people.enums import Availability
from labnet.people.selectors.findable import (
    Criteria,
    findable_people,
    lab_pool,
    person_get_findable,
)
from labnet.people.selectors.ranking import expert_search
from labnet.people.suggestions import (
    skills_for_themes_and_text,
    suggested_people_for_project,
    suggested_people_for_request,
)
from tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    RegionFactory,
    RequestFactory,
    ThemeFactory,
    UserFactory,
)
from tests.people.factories import ProfileFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def design():
    return SkillFactory(key="service-design", name="Design de service")


@pytest.fixture
def law():
    return SkillFactory(key="law", name="Droit")


def test_only_findable_active_not_erased_people_are_listed(design):
    shown = ProfileFactory(user__full_name="Visible Vera", skills=[design])
    ProfileFactory(hidden=True, user__full_name="Cachée Camille", skills=[design])
    ProfileFactory(user__full_name="Inactif Ivan", user__is_active=False)
    assert [p.name for p in findable_people()] == ["Visible Vera"]
    assert person_get_findable(shown.pk).name == "Visible Vera"


def test_hidden_parts_are_blank(design, lab):
    org = OrganisationFactory(civil_service_side=CivilServiceSide.LOCAL)
    profile = ProfileFactory(
        organisation=org,
        region=RegionFactory(),
        bio="Secret",
        show_organisation=False,
        show_territory=False,
        show_labs=False,
        show_bio=False,
        skills=[design],
    )
    MembershipFactory(user=profile.user, lab=lab)
    person = person_get_findable(profile.pk)
    assert (person.organisation, person.side, person.region, person.labs, person.bio) == (
        None,
        "",
        None,
        [],
        "",
    )
    assert [s.key for s in person.skills] == ["service-design"]


def test_filters_only_look_at_what_people_show(design, lab):
    normandie = RegionFactory(code="28", name="Normandie")
    shown = ProfileFactory(user__full_name="Ana", region=normandie, skills=[design])
    ProfileFactory(user__full_name="Bob", region=normandie, show_territory=False, skills=[design])
    contributor = ProfileFactory(user__full_name="Cléo", skills=[design])
    LabContributor.objects.create(lab=lab, user=contributor.user)
    hidden_lab = ProfileFactory(user__full_name="Dan", show_labs=False, skills=[design])
    LabContributor.objects.create(lab=lab, user=hidden_lab.user)

    assert [m.person.name for m in expert_search(Criteria(region=normandie))] == [
        shown.user.full_name
    ]
    assert [m.person.name for m in expert_search(Criteria(lab=lab))] == ["Cléo"]


def test_ranking_by_fit_with_reasons(design, law):
    eure = DepartmentFactory()
    ProfileFactory(user__full_name="Une compétence", skills=[design])
    ProfileFactory(user__full_name="Deux compétences", skills=[design, law])
    ProfileFactory(
        user__full_name="Une, même département", skills=[law], department=eure, region=eure.region
    )
    ProfileFactory(
        user__full_name="Pas disponible", skills=[design], availability=Availability.UNAVAILABLE
    )
    ProfileFactory(user__full_name="Sans compétence")
    matches = expert_search(Criteria(skills=(design, law), departments=()))
    assert [(m.person.name, m.score) for m in matches] == [
        ("Deux compétences", 7),
        ("Une compétence", 4),
        ("Une, même département", 4),
        ("Pas disponible", 2),
    ]
    assert matches[0].reasons == [
        "Compétences recherchées : Design de service, Droit",
        "Disponible",
    ]
    ranked = expert_search(Criteria(skills=(law,), departments=(eure,)))
    assert [(m.person.name, m.score) for m in ranked] == [("Une, même département", 6)]
    assert "Même département (Eure)" in ranked[0].reasons


def test_skills_from_themes_and_text(design, law):
    theme = ThemeFactory(key="simplification")
    law.themes.add(theme)
    found = skills_for_themes_and_text(
        theme_ids={theme.pk}, text="Un atelier de DESIGN de services pour l'accueil"
    )
    assert [s.key for s in found] == ["service-design", "law"] or [s.key for s in found] == [
        "law",
        "service-design",
    ]
    assert skills_for_themes_and_text(theme_ids=set(), text="rien à voir") == []


def test_project_suggestions_only_for_its_lab_team(design, lab, lab_member, agent):
    project = ProjectFactory(lead_lab=lab, objective="Refaire l'accueil en design de service.")
    ProfileFactory(user__full_name="Experte Design", skills=[design], region=lab.region)
    ProfileFactory(hidden=True, user__full_name="Cachée", skills=[design])
    matches = suggested_people_for_project(project, lab_member)
    assert [m.person.name for m in matches] == ["Experte Design"]
    assert "Même région" in matches[0].reasons
    assert suggested_people_for_project(project, agent) == []


def test_request_suggestions_only_for_its_lab_team(design, lab, lab_member, agent):
    request = RequestFactory(lab=lab, problem="Il faudrait du design de service.")
    ProfileFactory(user__full_name="Experte Design", skills=[design])
    assert [m.person.name for m in suggested_people_for_request(request, lab_member)] == [
        "Experte Design"
    ]
    assert suggested_people_for_request(request, agent) == []


def test_lab_pool_links_only_findable_contributors(lab):
    findable = ProfileFactory(user__full_name="Fanny Trouvable")
    hidden = UserFactory(full_name="Hugo Caché")
    LabContributor.objects.create(lab=lab, user=findable.user)
    LabContributor.objects.create(lab=lab, user=hidden)
    rows = {r["contributor"].user.full_name: r["profile_url"] for r in lab_pool(lab=lab)}
    assert rows == {"Fanny Trouvable": f"/personnes/{findable.pk}/", "Hugo Caché": ""}


def test_request_suggestions_ranked_by_the_database_as_by_the_rule(
    design, law, lab, lab_member, django_assert_max_num_queries
):
    """Territory, lab and side raise a person without excluding anyone; the database's
    order and the scores are those of `rank_people` over every person with a skill."""
    from labnet.people.selectors.ranking import rank_people

    region = RegionFactory()
    eure = DepartmentFactory(region=region)
    state = OrganisationFactory(civil_service_side=CivilServiceSide.STATE)
    request = RequestFactory(
        lab=lab,
        problem="Du design de service et du droit.",
        region=region,
        department=eure,
        organisation=state,
    )
    ProfileFactory(user__full_name="Zoé Tout", skills=[design, law], department=eure)
    in_lab = ProfileFactory(user__full_name="Yves Labo", skills=[design])
    MembershipFactory(lab=lab, user=in_lab.user)
    hides_lab = ProfileFactory(user__full_name="Xavier Discret", skills=[design], show_labs=False)
    LabContributor.objects.create(lab=lab, user=hides_lab.user)
    ProfileFactory(user__full_name="Wanda Région", skills=[law], region=region)
    ProfileFactory(user__full_name="Victor État", skills=[law], organisation=state)
    ProfileFactory(
        user__full_name="Ursule Loin", skills=[design], availability=Availability.UNAVAILABLE
    )
    ProfileFactory(user__full_name="Sans compétence", department=eure)
    for n in range(3):
        ProfileFactory(user__full_name=f"Anne {n}", skills=[law])

    with django_assert_max_num_queries(12):
        matches = suggested_people_for_request(request, lab_member)

    assert [(m.person.name, m.score) for m in matches] == [
        ("Zoé Tout", 9),
        ("Yves Labo", 6),
        ("Victor État", 5),
        ("Wanda Région", 5),
        ("Anne 0", 4),
    ]
    assert "Liée au laboratoire Innov'mandie" in matches[1].reasons
    criteria = Criteria(
        skills=(design, law),
        region=region,
        departments=(eure,),
        lab=lab,
        side=state.civil_service_side,
    )
    every = rank_people(findable_people(Criteria(skills=(design, law))), criteria)
    assert [(m.person.name, m.score, m.reasons) for m in every[:5]] == [
        (m.person.name, m.score, m.reasons) for m in matches
    ]
