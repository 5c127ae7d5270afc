"""The registry of computed figures: each is computed through the domain's selectors, as
the public sees it, and a stated figure shows next to its computed counterpart."""

import datetime as dt
from decimal import Decimal

import pytest

from labnet.figures.computed import REGISTRY, computed_value
from labnet.figures.models import Qualifier, StatedFigure
from labnet.figures.selectors import figures_side_by_side
from labnet.funding.enums import AllocationStatus
from labnet.labs.enums import LabKind
from tests.factories import LabFactory, ProjectFactory
from tests.funding.factories import AllocationFactory

pytestmark = pytest.mark.django_db


def test_the_registry_names_the_figures_the_national_picture_needs():
    assert set(REGISTRY) >= {
        "labs.count",
        "labs.territorial.count",
        "projects.accompanied.count",
        "funding.deployed_eur",
        "trainings.trained.count",
        "events.campaign.count",
    }


def test_computed_figures_count_what_the_public_sees():
    territorial = LabFactory(kind=LabKind.TERRITORIAL)
    LabFactory(ministry=True)
    ProjectFactory(lead_lab=territorial)
    ProjectFactory(lead_lab=territorial, private=True)
    AllocationFactory(amount_eur=Decimal("1000.50"))
    AllocationFactory(amount_eur=Decimal("99"), status=AllocationStatus.PLANNED)
    AllocationFactory(amount_eur=None, amount_unknown=True, fte=Decimal("2"))

    assert computed_value("labs.territorial.count") == 4  # the allocations' labs are too
    assert computed_value("projects.accompanied.count") == 1
    assert computed_value("funding.deployed_eur") == Decimal("1000.50")
    assert computed_value("funding.fte") == Decimal("2")
    assert computed_value("trainings.trained.count") == 0
    assert computed_value("events.campaign.count") == 0


def test_a_stated_figure_shows_next_to_its_computed_one():
    LabFactory(kind=LabKind.TERRITORIAL)
    StatedFigure.objects.create(
        key="territorial-labs",
        label_fr="Laboratoires d'innovation territoriale",
        label_en="Territorial labs",
        value=Decimal("14"),
        unit="labs",
        qualifier=Qualifier.EXACT,
        as_of=dt.date(2022, 2, 24),
        computed_figure="labs.territorial.count",
    )
    StatedFigure.objects.create(
        key="vip", label_fr="Ateliers", label_en="Workshops", value=22, unit="workshops"
    )
    pairs = {p.stated.key: p for p in figures_side_by_side()}
    assert (pairs["territorial-labs"].stated.value, pairs["territorial-labs"].computed) == (14, 1)
    assert pairs["vip"].computed is None


def test_the_last_mois_counts_its_public_events_and_the_share_organised_by_labs():
    import datetime as dt

    from labnet.events.enums import EventStatus
    from tests.events.factories import CampaignFactory, EventFactory

    assert computed_value("events.national_month.count") is None
    older = CampaignFactory(starts_on=dt.date(2021, 11, 1))
    EventFactory.create_batch(2, campaign=older)
    mois = CampaignFactory(starts_on=dt.date(2022, 11, 2))
    lab = LabFactory()
    EventFactory(campaign=mois, organiser_lab=lab)
    EventFactory.create_batch(2, campaign=mois)
    EventFactory(campaign=mois, organiser_lab=lab, status=EventStatus.DRAFT)
    CampaignFactory(starts_on=None)  # no dates: never "the last" one

    assert computed_value("events.national_month.count") == 3
    assert computed_value("events.national_month.lab_share") == 33
