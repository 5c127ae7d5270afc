import pytest

from tests.factories import LabFactory, MembershipFactory, UserFactory

PASSWORD = "mot-de-passe-solide-42"


@pytest.fixture
def agent(db):
    return UserFactory(full_name="Agnès Agent")


@pytest.fixture
def lab(db):
    return LabFactory(key="innovmandie", name="Innov'mandie")


@pytest.fixture
def lab_member(lab):
    return MembershipFactory(lab=lab, user__full_name="Martin Membre").user


@pytest.fixture
def lab_lead(lab):
    return MembershipFactory(lab=lab, lead=True, user__full_name="Léa Responsable").user


@pytest.fixture
def coordinator(db):
    return UserFactory(coordinator=True, full_name="Cora Coordination")


@pytest.fixture(autouse=True)
def _french_by_default(settings):
    settings.LANGUAGE_CODE = "fr"
