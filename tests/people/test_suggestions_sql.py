"""The suggestions are ranked by the database (`best_matches`): the same people, in the
same order and with the same scores, as `rank_people` over every person with a skill."""

import itertools
import random

import pytest

from labnet.labs.models import LabContributor
from labnet.organisations.enums import CivilServiceSide
from labnet.people.enums import Availability
from labnet.people.selectors.findable import Criteria, findable_people
from labnet.people.selectors.ranking import best_matches, expert_search, rank_people
from tests.factories import DepartmentFactory, MembershipFactory, OrganisationFactory
from tests.people.factories import ProfileFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_best_matches_are_the_top_of_rank_people(lab):
    rng = random.Random(12)
    skills = [SkillFactory() for _ in range(3)]
    other_skill = SkillFactory()
    departments = [DepartmentFactory(region=lab.region), DepartmentFactory()]
    organisations = [
        OrganisationFactory(civil_service_side=CivilServiceSide.LOCAL),
        OrganisationFactory(civil_service_side=CivilServiceSide.STATE),
    ]
    availabilities = list(Availability.values)
    for n in range(40):
        department = rng.choice([None, *departments])
        profile = ProfileFactory(
            user__full_name=f"{rng.choice(['Ana', 'bob', 'Cléo', 'Dan'])} {n % 7}",
            skills=rng.sample([*skills, other_skill], rng.randint(1, 3)),
            department=department,
            region=department.region if department else rng.choice([None, lab.region]),
            organisation=rng.choice([None, *organisations]),
            availability=rng.choice(availabilities),
            show_territory=rng.random() < 0.7,
            show_organisation=rng.random() < 0.7,
            show_labs=rng.random() < 0.6,
            is_findable=rng.random() < 0.9,
        )
        link = rng.random()
        if link < 0.2:
            MembershipFactory(user=profile.user, lab=lab)
        elif link < 0.4:
            LabContributor.objects.create(lab=lab, user=profile.user)

    criteria_sets = [
        Criteria(skills=tuple(skills[:2]), region=lab.region, lab=lab, side="local"),
        Criteria(skills=(skills[0],), departments=(departments[0],), lab=lab),
        Criteria(skills=tuple(skills), region=departments[1].region, side="state"),
        Criteria(skills=(skills[2],)),
    ]
    for criteria, limit in itertools.product(criteria_sets, (1, 2, 5, 100)):
        required = Criteria(skills=criteria.skills)
        expected = rank_people(findable_people(required), criteria)[:limit]
        got = best_matches(criteria, required=required, limit=limit)
        assert [(m.person.id, m.score, m.reasons) for m in got] == [
            (m.person.id, m.score, m.reasons) for m in expected
        ]
    assert len(best_matches(criteria_sets[0], required=Criteria(skills=()), limit=100)) > 0


def test_the_finder_order_is_rank_people_order(lab):
    """Where every match fits alike but for its availability, the finder orders by the
    columns (availability, name_key, pk): the same order as rank_people."""
    rng = random.Random(7)
    skill = SkillFactory()
    for n in range(30):
        profile = ProfileFactory(
            user__full_name=rng.choice(["Élise", "élise", "Ana", "ana", "Zoé", "Émile"])
            + f" {rng.choice(['MARTIN', 'ÉTIENNE', 'Dupont'])}",
            skills=[skill] if n % 3 else [],
            region=rng.choice([None, lab.region]),
            availability=rng.choice(list(Availability.values)),
        )
        if n % 4 == 0:
            MembershipFactory(user=profile.user, lab=lab)
    for criteria in (
        Criteria(),
        Criteria(skills=(skill,)),
        Criteria(region=lab.region),
        Criteria(lab=lab),
        Criteria(skills=(skill,), region=lab.region, side=""),
    ):
        expected = rank_people(findable_people(criteria), criteria)
        got = list(expert_search(criteria))
        assert [(m.person.id, m.score) for m in got] == [(m.person.id, m.score) for m in expected]
        assert len(expert_search(criteria)) == len(expected)
