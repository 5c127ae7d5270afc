import pytest
from django.contrib.auth.models import AnonymousUser

from labnet.trainings.rules import can_manage_programme, can_read_enrolment

from .factories import EnrolmentFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_managers_are_the_coordination_and_the_organiser_labs_team(
    lab, lab_member, lab_lead, coordinator, agent
):
    by_lab = ProgrammeFactory(organiser_lab=lab)
    by_ditp = ProgrammeFactory()
    assert [can_manage_programme(u, by_lab) for u in (lab_member, lab_lead, coordinator)] == [
        True,
        True,
        True,
    ]
    assert not can_manage_programme(agent, by_lab)
    assert not can_manage_programme(AnonymousUser(), by_lab)
    assert not can_manage_programme(lab_member, by_ditp)
    assert can_manage_programme(coordinator, by_ditp)


def test_an_enrolment_is_read_by_its_person_and_the_managers(agent, coordinator, lab_member):
    enrolment = EnrolmentFactory(user=agent)
    assert can_read_enrolment(agent, enrolment)
    assert can_read_enrolment(coordinator, enrolment)
    assert not can_read_enrolment(lab_member, enrolment)
    assert not can_read_enrolment(AnonymousUser(), enrolment)
