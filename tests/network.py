"""The real network dataset, the demo accounts of every role, and a little of everything
those people do, so that tests walking the whole site (the language switch today) find a
page behind every route: a request in Innov'mandie's inbox, a project with a document and
a next step, a call with an answer under review, a registration, an enrolment, a public
profile and a conversation.
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from labnet.accounts.models import User
from labnet.events.models import Campaign
from labnet.impact.models import Indicator
from labnet.labs.models import Lab
from labnet.projects.models import NextStep, Project, ProjectDocument
from labnet.records.services import attestation_issue
from labnet.trainings.models import Cohort
from labnet.webhooks.services import subscription_create
from tests.calls.factories import AnswerFactory, CallFactory, ReviewFactory, fill_required
from tests.events.factories import CampaignFactory, EventFactory, RegistrationFactory
from tests.factories import ActivityFactory, BoostSlotFactory, RequestFactory
from tests.people.factories import ContactMessageFactory, ProfileFactory
from tests.resources.factories import ResourceFactory
from tests.trainings.factories import EnrolmentFactory, SessionFactory


def demo_user(role: str) -> User:
    return User.objects.get(email=f"{role}@demo.labnet.local")


def populated_network(settings) -> None:
    settings.LABNET_DEMO_ACCOUNTS = True
    call_command("import_network", "data/network", stdout=io.StringIO())
    call_command("demo_accounts", stdout=io.StringIO())
    lab = Lab.objects.get(key="innovmandie")
    agent, member, lead = demo_user("agent"), demo_user("membre"), demo_user("responsable")

    RequestFactory(author=agent, lab=lab, submitted=True, title="Simplifier l'accueil")
    RequestFactory(author=agent, title="Une idée en cours d'écriture", current_step=2)
    BoostSlotFactory(lab=lab)

    project = Project.objects.filter(lead_lab=lab).order_by("key").first()
    ProjectDocument.objects.create(
        project=project,
        kind="report",
        title="Compte rendu d'atelier",
        file=ContentFile(b"Compte rendu", name="compte-rendu.txt"),
        content_type="text/plain",
        size=12,
        uploaded_by=member,
    )
    for each in Project.objects.filter(lead_lab=lab):
        ActivityFactory(project=each)
    NextStep.objects.create(
        project=project, title="Restituer l'atelier", owner=member, due_on=datetime.date.today()
    )
    Indicator.objects.create(
        key="delai-accueil",
        project=project,
        name="Délai d'accueil",
        unit="jours",
        direction="decrease",
        baseline_value=30,
        target_value=10,
        is_public=True,
    )

    call = CallFactory(owner_lab=lab, with_questions=True, reviewers=[lead], key="appel-demo")
    answer = fill_required(AnswerFactory(call=call, author=agent, submitted=True))
    ReviewFactory(answer=answer, reviewer=lead)
    AnswerFactory(call=call, author=member)  # a draft

    event = EventFactory(organiser_lab=lab, key="atelier-demo")
    RegistrationFactory(event=event, user=agent, email=agent.email, full_name=agent.full_name)
    campaign = CampaignFactory(key="mois-demo")
    Campaign.objects.update(accepts_proposals=True)
    EventFactory(campaign=campaign, created_by=member, status="proposed", key="proposition-demo")
    ResourceFactory(proposed=True, key="ressource-proposee", proposed_by=member)

    cohort = Cohort.objects.order_by("key").first()
    SessionFactory(cohort=cohort, starts_at=timezone.now() - datetime.timedelta(days=2))
    EnrolmentFactory(cohort=cohort, user=agent)

    ProfileFactory(user=agent)
    ProfileFactory(user=member)
    ContactMessageFactory(sender=member, recipient=agent)
    record_line = f"training:{agent.training_enrolments.get(cohort=cohort).pk}"
    attestation_issue(actor=agent, keys=[record_line])
    subscription_create(
        actor=demo_user("coordination"),
        url="https://portail.exemple.fr/labnet",
        events=["project.published"],
    )
