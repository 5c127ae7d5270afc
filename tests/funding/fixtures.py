"""Fixtures of the funding tests, shared with tests/www/funding and tests/api/test_funding.py
(imported with a star by their conftest or module)."""

from decimal import Decimal

import pytest

from labnet.funding.enums import FundingSourceKind
from tests.factories import LabFactory, MembershipFactory

from .factories import EnvelopeFactory, FundingSourceFactory


@pytest.fixture
def relance(db):
    return FundingSourceFactory(
        key="france-relance", name="France Relance", kind=FundingSourceKind.RECOVERY_PLAN
    )


@pytest.fixture
def twelve(relance):
    """The recovery plan's 12 M€ for public innovation."""
    return EnvelopeFactory(
        key="relance-innovation-publique",
        name="Plan de relance – innovation publique",
        funding_source=relance,
        amount_eur=Decimal("12000000"),
    )


@pytest.fixture
def other_lab(db):
    return LabFactory(key="lab-o", name="Le Lab'O")


@pytest.fixture
def other_lead(other_lab):
    return MembershipFactory(lab=other_lab, lead=True, user__full_name="Oscar Autre").user


@pytest.fixture
def people(agent, lab_member, lab_lead, other_lead, coordinator):
    """One person per role (anonymous is None)."""
    return {
        "anonymous": None,
        "agent": agent,
        "lab_member": lab_member,
        "lab_lead": lab_lead,
        "other_lead": other_lead,
        "coordinator": coordinator,
    }
