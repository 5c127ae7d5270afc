import pytest

from labnet.intake.routing import (
    IN_DEPARTMENT,
    IN_REGION,
    NATIONAL,
    best_lab_for,
    rank_labs,
    rank_labs_for_request,
)
from labnet.labs.enums import LabStatus
from tests.factories import DepartmentFactory, LabFactory, RegionFactory, ThemeFactory

from .helpers import draft_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():
    normandie = RegionFactory()
    occitanie = RegionFactory(code="76", name="Occitanie")
    eure = DepartmentFactory(code="27", region=normandie)
    sante, accueil = ThemeFactory(key="sante"), ThemeFactory(key="accueil")
    return normandie, occitanie, eure, sante, accueil


def _names(matches):
    return [(m.lab.name, m.territory, m.shared_themes) for m in matches]


def test_department_then_region_then_national_then_themes(territory):
    normandie, occitanie, eure, sante, accueil = territory
    national = LabFactory(name="National", ministry=True, themes=[sante])
    regional = LabFactory(name="Régional", region=normandie)
    regional_themed = LabFactory(name="Régional santé", region=normandie, themes=[sante, accueil])
    departmental = LabFactory(name="Eure", region=normandie)
    departmental.departments.set([eure])
    LabFactory(name="Occitan sans thème", region=occitanie)
    LabFactory(name="Occitan santé", region=occitanie, themes=[sante])
    LabFactory(name="Fermé", region=normandie, status=LabStatus.CLOSED)
    LabFactory(name="En préfiguration", region=normandie, in_preparation=True)

    matches = rank_labs(
        region_id="28", department_id="27", theme_ids=[sante.pk, accueil.pk], limit=10
    )

    assert _names(matches) == [
        ("Eure", IN_DEPARTMENT, 0),
        ("Régional santé", IN_REGION, 2),
        ("Régional", IN_REGION, 0),
        ("National", NATIONAL, 1),
        ("Occitan santé", 0, 1),
    ]
    assert [m.reason for m in matches] == ["department", "region", "region", "national", "themes"]
    assert {national, regional, regional_themed} <= {m.lab for m in matches}


def test_ranking_is_one_query_and_respects_the_limit(territory, django_assert_num_queries):
    normandie, *_ = territory
    for i in range(4):
        LabFactory(name=f"Lab {i}", region=normandie)
    with django_assert_num_queries(1):
        matches = rank_labs(region_id="28", limit=3)
    assert [m.lab.name for m in matches] == ["Lab 0", "Lab 1", "Lab 2"]


def test_a_request_is_ranked_by_its_own_territory_and_themes(agent, territory):
    _, occitanie, _, sante, _ = territory
    themed = LabFactory(name="Occitan santé", region=occitanie, themes=[sante])
    request = draft_for(agent, region=occitanie)
    request.themes.set([sante])

    assert [m.lab for m in rank_labs_for_request(request)] == [themed]
    assert best_lab_for(request) == themed
    nowhere = draft_for(agent, region=RegionFactory(code="94", name="Corse"))
    assert best_lab_for(nowhere) is None
