"""Fixtures of the accompaniment tests: one project led by `lab` (tests/conftest.py), a
partner lab with its member, and a member of an unrelated lab."""

import pytest

from labnet.projects.enums import ProjectStatus, Stage
from tests.factories import LabFactory, MembershipFactory, ProjectFactory


@pytest.fixture
def project(lab):
    return ProjectFactory(
        key="accueil-usagers",
        title="Accueil des usagers en préfecture",
        lead_lab=lab,
        private=True,
        stage=Stage.FRAMING,
        status=ProjectStatus.ACTIVE,
        objective="Réduire l'attente au guichet des titres de séjour.",
        # What the network's form requires before publication (publication.py).
        approach="Immersion au guichet, ateliers avec les agents et les usagers.",
        results="Un parcours d'accueil testé dans deux préfectures.",
    )


@pytest.fixture
def partner_lab(db):
    return LabFactory(key="karulab", name="KaruLab")


@pytest.fixture
def partner_member(project, partner_lab):
    project.partner_labs.add(partner_lab)
    return MembershipFactory(lab=partner_lab, user__full_name="Paul Partenaire").user


@pytest.fixture
def other_lab(db):
    return LabFactory(key="lab-o", name="Le Lab'O")


@pytest.fixture
def outsider(other_lab):
    """A member of a lab that has nothing to do with the project."""
    return MembershipFactory(lab=other_lab, user__full_name="Olga Ailleurs").user
