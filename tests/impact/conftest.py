import pytest

from labnet.impact.models import Indicator
from tests.factories import LabFactory, MembershipFactory, ProjectFactory, UserFactory


@pytest.fixture
def roles(db):
    """A project led by one lab with a partner lab, and a person for every role."""
    lead_lab = LabFactory(key="lab-pilote", name="Lab pilote")
    partner_lab = LabFactory(key="lab-partenaire", name="Lab partenaire")
    other_lab = LabFactory(key="lab-autre", name="Lab autre")
    project = ProjectFactory(key="delais", title="Délais", lead_lab=lead_lab)
    project.partner_labs.add(partner_lab)
    return {
        "project": project,
        "lead_lab": lead_lab,
        "other_lab": other_lab,
        "agent": UserFactory(full_name="Agent"),
        "member": MembershipFactory(lab=lead_lab).user,
        "lead": MembershipFactory(lab=lead_lab, lead=True).user,
        "partner": MembershipFactory(lab=partner_lab).user,
        "other_lead": MembershipFactory(lab=other_lab, lead=True).user,
        "coordinator": UserFactory(coordinator=True),
    }


@pytest.fixture
def indicator(roles):
    return Indicator.objects.create(
        key="delais-moyen",
        project=roles["project"],
        name="Délai moyen",
        unit="jours",
        direction="decrease",
        baseline_value=40,
        target_value=20,
        is_public=True,
    )
