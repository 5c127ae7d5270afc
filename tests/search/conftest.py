"""Fixtures for the search tests: the real network dataset, imported then indexed the way
`make setup` does it (import_network, then search_reindex)."""

from pathlib import Path

import pytest
from django.core.management import call_command

from labnet.projects.models import Project
from tests.factories import MembershipFactory

REAL_DATASET = Path(__file__).resolve().parents[2] / "data" / "network"
RESIDENCE_PERMITS = "lab-o-titres-de-sejour-occitanie"
ACCELERATOR = "lab-o-accelerateur-france-relance-hautes-pyrenees"


@pytest.fixture
def network(db):
    call_command("import_network", str(REAL_DATASET), "--quiet")
    call_command("search_reindex", verbosity=0)


@pytest.fixture
def project(network):
    """Look up one of the real dataset's projects by key."""
    return lambda key: Project.objects.get(key=key)


@pytest.fixture
def lab_o_member(network):
    from labnet.labs.models import Lab

    return MembershipFactory(lab=Lab.objects.get(key="lab-o-occitanie")).user
