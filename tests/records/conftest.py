"""An agent with one of everything the record reads, in Innov'mandie."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from labnet.calls.enums import AnswerStatus
from labnet.intake.enums import RequestStatus
from labnet.labs.models import LabContributor
from labnet.projects.enums import ProjectRole
from labnet.projects.models import ProjectPerson
from labnet.trainings.enums import ProgrammeKind
from tests.calls.factories import AnswerFactory, CallFactory
from tests.events.factories import EventFactory
from tests.factories import (
    LabFactory,
    MembershipFactory,
    ProjectFactory,
    RequestFactory,
    UserFactory,
)
from tests.people.factories import ProfileFactory
from tests.resources.factories import ResourceFactory
from tests.trainings.factories import (
    AttendanceFactory,
    CohortFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    SessionFactory,
)

YEAR = timezone.now().year


@pytest.fixture
def world(db):
    w = SimpleNamespace()
    w.lab = LabFactory(key="innovmandie", name="Innov'mandie")
    w.other_lab = LabFactory(key="lab-o", name="Le Lab'O")
    w.member = MembershipFactory(lab=w.lab, user__full_name="Martin Membre").user
    w.lead = MembershipFactory(lab=w.lab, lead=True, user__full_name="Léa Responsable").user
    w.outsider = MembershipFactory(lab=w.other_lab, user__full_name="Otto Autre").user
    w.agent = UserFactory(full_name="Łucja Wałęsa", email="lucja@exemple.gouv.fr")
    ProfileFactory(user=w.agent)

    w.project = ProjectFactory(
        lead_lab=w.lab, title="Accueil des usagers en préfecture", started_year=YEAR - 1
    )
    w.private_project = ProjectFactory(lead_lab=w.lab, title="Projet interne", private=True)
    ProjectPerson.objects.create(project=w.project, user=w.agent, role=ProjectRole.OWNER)
    ProjectPerson.objects.create(project=w.project, user=w.agent, role=ProjectRole.CONTRIBUTOR)
    ProjectPerson.objects.create(
        project=w.private_project, user=w.agent, role=ProjectRole.CONTRIBUTOR
    )
    w.request = RequestFactory(
        author=w.agent,
        lab=w.lab,
        submitted=True,
        status=RequestStatus.ACCEPTED,
        project=w.project,
        title="Simplifier l'accueil",
    )
    RequestFactory(author=w.agent, title="Brouillon jamais envoyé")  # a draft: not a line

    programme = ProgrammeFactory(name="CLIP")
    cohort = CohortFactory(programme=programme, name="Promotion 3")
    w.enrolment = EnrolmentFactory(
        cohort=cohort,
        user=w.agent,
        completed_at=timezone.now(),
        certificate_number=f"LN-{YEAR}-00000000000000AA",
    )
    codev = CohortFactory(
        programme=ProgrammeFactory(name="Co-développement", kind=ProgrammeKind.CO_DEVELOPMENT)
    )
    session = SessionFactory(cohort=codev, title="Séance de mars")
    AttendanceFactory(
        session=session, enrolment=EnrolmentFactory(cohort=codev, user=w.agent), present=True
    )

    w.event = EventFactory(created_by=w.agent, title="Atelier design de services")
    call = CallFactory(owner_lab=w.lab, title="Appel à contributeurs 2026")
    w.answer = AnswerFactory(
        call=call,
        author=w.agent,
        status=AnswerStatus.ACCEPTED,
        submitted_at=timezone.now() - datetime.timedelta(days=3),
    )
    w.resource = ResourceFactory(proposed_by=w.agent, title="Kit d'atelier")
    LabContributor.objects.create(lab=w.lab, user=w.agent, reason="appel à contributeurs")
    return w
