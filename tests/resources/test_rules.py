import pytest
from django.contrib.auth.models import AnonymousUser

from labnet.resources.rules import (
    can_edit_proposal,
    can_link_resource_to_project,
    can_propose_resource,
    can_review_resources,
    can_view_resource,
)
from tests.factories import LabFactory, ProjectFactory

from .factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_network_members_propose_agents_and_visitors_do_not(
    agent, lab_member, lab_lead, coordinator
):
    assert [can_propose_resource(u) for u in (lab_member, lab_lead, coordinator)] == [True] * 3
    assert can_propose_resource(agent) is False
    assert can_propose_resource(AnonymousUser()) is False


def test_only_the_coordination_reviews(lab_lead, coordinator):
    assert can_review_resources(coordinator) is True
    assert can_review_resources(lab_lead) is False


def test_a_proposal_is_seen_and_amended_by_its_proposer_and_the_coordination(
    agent, lab_member, coordinator
):
    proposal = ResourceFactory(proposed=True, proposed_by=lab_member)
    assert can_view_resource(lab_member, proposal) is True
    assert can_view_resource(coordinator, proposal) is True
    assert can_view_resource(agent, proposal) is False
    assert can_view_resource(AnonymousUser(), proposal) is False
    assert can_edit_proposal(lab_member, proposal) is True
    assert can_edit_proposal(agent, proposal) is False
    published = ResourceFactory(proposed_by=lab_member)
    assert can_view_resource(AnonymousUser(), published) is True
    assert can_edit_proposal(lab_member, published) is False


def test_linking_is_for_the_projects_lab_teams(lab, lab_member, coordinator):
    led = ProjectFactory(lead_lab=lab)
    partnered = ProjectFactory()
    partnered.partner_labs.add(lab)
    elsewhere = ProjectFactory(lead_lab=LabFactory())
    assert can_link_resource_to_project(lab_member, led) is True
    assert can_link_resource_to_project(lab_member, partnered) is True
    assert can_link_resource_to_project(lab_member, elsewhere) is False
    assert can_link_resource_to_project(coordinator, elsewhere) is True
