import pytest

from tests.factories import LabFactory, MembershipFactory


@pytest.fixture
def other_lab(db):
    return LabFactory(key="lab-o", name="Le Lab'O")


@pytest.fixture
def other_member(other_lab):
    return MembershipFactory(lab=other_lab, user__full_name="Olivia Autre").user
