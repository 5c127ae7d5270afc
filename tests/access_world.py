"""Two labs with one of everything, for the generated access test (tests/test_access_generated.py).

The real network and the demo accounts come from tests/network.py; `side_build` then gives
a lab a full set of objects (project internals, requests, call answers, registrations,
allocations, indicators, roadmap, tokens...). It runs twice: for Innov'mandie, the lab of
the demo member and lead ("own"), and for another lab of the dataset ("foreign"), whose
private fields carry unique marker strings. A role that must not see an object must never
find its marker in a page or an API answer.
"""

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from labnet.accounts.api_tokens import api_token_create
from labnet.calls.models import AnswerAttachment
from labnet.funding.enums import AllocationStatus
from labnet.impact.models import ImpactSurvey, Indicator, Measurement
from labnet.intake.models import DemarchesConnection, RequestAttachment
from labnet.labs.models import Lab, Theme
from labnet.people.models import Profile
from labnet.projects.models import InternalNote, ProjectDocument, ProjectPerson
from labnet.records.models import Attestation
from labnet.roadmaps.models import Axis, Group, Item, Roadmap
from labnet.territories.models import Department
from labnet.webhooks.models import Subscription
from tests.calls.factories import AnswerFactory, CallFactory, ReviewFactory, fill_required
from tests.events.factories import CampaignFactory, EventFactory, RegistrationFactory
from tests.factories import (
    ActivityFactory,
    BoostSlotFactory,
    MembershipFactory,
    NextStepFactory,
    ProjectFactory,
    RequestFactory,
    UserFactory,
)
from tests.funding.factories import AllocationFactory, EnvelopeFactory, FundingSourceFactory
from tests.network import demo_user, populated_network
from tests.people.factories import ContactMessageFactory, ProfileFactory, SkillFactory
from tests.resources.factories import ResourceFactory
from tests.trainings.factories import (
    CohortFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    SessionFactory,
)

# The roles, as the demo accounts' e-mail prefixes ("" is a visitor not signed in).
ANONYMOUS, AGENT, MEMBER, LEAD, COORDINATOR, ADMIN = (
    "",
    "agent",
    "membre",
    "responsable",
    "coordination",
    "admin",
)
ROLES = [ANONYMOUS, AGENT, MEMBER, LEAD, COORDINATOR, ADMIN]
OUTSIDERS = frozenset({ANONYMOUS, AGENT, MEMBER, LEAD})  # nobody of the foreign lab's team
# What is private to one person: the coordination does not read it either (the Django
# admin shows every row to administrators, so no marker is checked for them).
PERSONAL = OUTSIDERS | {COORDINATOR}
# Whose objects each role requests: both labs' for those whose rights differ between
# them; the visitor and the coordination see the two alike, so the foreign lab's (with its
# markers) is enough, and the administrator's requests are there for server errors.
SIDES = {
    ANONYMOUS: ("foreign",),
    AGENT: ("own", "foreign"),
    MEMBER: ("own", "foreign"),
    LEAD: ("own", "foreign"),
    COORDINATOR: ("foreign",),
    ADMIN: ("own",),
}


@dataclass(frozen=True)
class Marker:
    text: str
    hidden_from: frozenset


@dataclass
class Markers:
    """The foreign lab's secrets: {name: Marker}."""

    by_name: dict[str, Marker] = field(default_factory=dict)

    def __call__(self, name: str, hidden_from=OUTSIDERS) -> str:
        text = f"ZQ{name.upper().replace('_', '')}QZ"
        self.by_name[name] = Marker(text, frozenset(hidden_from))
        return text

    def hidden_from(self, role: str) -> list[Marker]:
        return [marker for marker in self.by_name.values() if role in marker.hidden_from]


def _plain(name: str, hidden_from=None) -> str:
    """The own side marks nothing: its objects are there for coverage."""
    return f"Texte {name.replace('_', ' ')}"


def _file(name: str) -> ContentFile:
    return ContentFile(b"Contenu de travail", name=name)


def side_build(key: str, lab, *, lead, member, agent, mark=_plain) -> SimpleNamespace:
    """One of everything around `lab`, keyed `<something>-<key>`."""
    s = SimpleNamespace(lab=lab, lab_key=lab.key, lead=lead, member=member, agent=agent)
    s.department_code = Department.objects.filter(region=lab.region).order_by("code")[0].code
    s.theme_key = Theme.objects.order_by("key")[0].key
    s.skill = SkillFactory(key=f"competence-{key}")
    s.profile = Profile.objects.filter(user=agent).first() or ProfileFactory(
        user=agent, hidden=True, bio=mark("hidden_bio", PERSONAL)
    )
    # A project whose sheet is published, with everything only its teams read.
    p = ProjectFactory(key=f"projet-{key}", lead_lab=lab, is_public=True)
    s.project = p
    s.activity = ActivityFactory(project=p, notes=mark("journal_notes"), created_by=member)
    s.document = ProjectDocument.objects.create(
        project=p,
        kind="report",
        title=mark("document_title"),
        file=_file("compte-rendu.txt"),
        content_type="text/plain",
        size=18,
        uploaded_by=member,
    )
    s.next_step = NextStepFactory(project=p, title=mark("next_step"), owner=member)
    s.note = InternalNote.objects.create(project=p, author=member, body=mark("internal_note"))
    s.person = ProjectPerson.objects.create(project=p, user=member, role="sponsor")
    s.indicator = Indicator.objects.create(
        key=f"indicateur-{key}",
        project=p,
        name=mark("private_indicator"),
        unit="jours",
        direction="decrease",
        baseline_value=30,
        target_value=10,
        is_public=False,
    )
    s.measurement = Measurement.objects.create(
        indicator=s.indicator,
        value=Decimal("20"),
        measured_on=datetime.date(2026, 6, 1),
        source_text=mark("measurement_source"),
        recorded_by=member,
    )
    # A project that was never published: its title and sheet are its lab's.
    s.private_project = ProjectFactory(
        key=f"projet-prive-{key}",
        lead_lab=lab,
        is_public=False,
        title=mark("unpublished_title"),
        objective=mark("unpublished_objective"),
    )
    # Single window: a request sent to the lab, with an attachment, and a draft.
    s.request = RequestFactory(
        author=agent,
        lab=lab,
        submitted=True,
        title=mark("request_title"),
        problem=mark("request_problem"),
    )
    s.attachment = RequestAttachment.objects.create(
        request=s.request,
        title=mark("request_attachment"),
        file=_file("note.txt"),
        content_type="text/plain",
        size=18,
        uploaded_by=agent,
    )
    s.draft = RequestFactory(author=agent, problem=mark("draft_problem", PERSONAL), current_step=2)
    s.slot = BoostSlotFactory(lab=lab, location=mark("boost_slot_room"))
    s.demarches = DemarchesConnection.objects.create(
        lab=lab, procedure_number=4242, webhook_token=uuid.uuid4().hex
    )
    s.survey = ImpactSurvey.objects.create(
        kind="request", request=s.request, lab=lab, recipient=agent, email=agent.email
    )
    # A call of the lab: a submitted answer with an attachment and a review, and a draft.
    s.call = CallFactory(owner_lab=lab, with_questions=True, reviewers=[lead], key=f"appel-{key}")
    s.answer = fill_required(
        AnswerFactory(call=s.call, author=agent, submitted=True, title=mark("answer_title"))
    )
    s.answer_attachment = AnswerAttachment.objects.create(
        answer=s.answer,
        file=_file("dossier.txt"),
        name=mark("answer_file"),
        content_type="text/plain",
        size=18,
        uploaded_by=agent,
    )
    s.review = ReviewFactory(answer=s.answer, reviewer=lead, comment=mark("review_comment"))
    s.answer_draft = AnswerFactory(call=s.call, author=member, title=mark("answer_draft", PERSONAL))
    # Events: one of the lab's with a visitor registered, a campaign and a proposal to it.
    s.event = EventFactory(organiser_lab=lab, key=f"evenement-{key}")
    s.registration = RegistrationFactory(
        event=s.event,
        full_name=mark("visitor_name"),
        email=f"{mark('visitor_email').lower()}@exemple.gouv.fr",
    )
    s.campaign = CampaignFactory(key=f"campagne-{key}", accepts_proposals=True)
    s.proposal = EventFactory(
        campaign=s.campaign,
        created_by=member,
        organiser_lab=lab,
        status="proposed",
        key=f"proposition-{key}",
        description=mark("proposal_description"),
    )
    # Trainings: the lab's programme, a cohort with a session and an enrolment.
    programme = ProgrammeFactory(key=f"programme-{key}", organiser_lab=lab)
    s.programme = programme
    s.cohort = CohortFactory(programme=programme, key=f"promotion-{key}")
    s.session = SessionFactory(cohort=s.cohort, starts_at=timezone.now() - datetime.timedelta(1))
    s.enrolment = EnrolmentFactory(cohort=s.cohort, user=agent)
    s.attestation = Attestation.objects.create(
        number=f"LN-{key.upper()}-0001", user=agent, keys=[f"training:{s.enrolment.pk}"]
    )
    # Resources, funding, roadmaps.
    s.resource = ResourceFactory(
        proposed=True, key=f"ressource-{key}", proposed_by=member, summary=mark("resource_summary")
    )
    s.funding_source = FundingSourceFactory(key=f"source-{key}")
    s.envelope = EnvelopeFactory(key=f"enveloppe-{key}", funding_source=s.funding_source)
    s.allocation = AllocationFactory(
        key=f"attribution-{key}", envelope=s.envelope, lab=lab, reporting_notes="Compte rendu"
    )
    s.planned_allocation = AllocationFactory(
        key=f"attribution-prevue-{key}",
        envelope=s.envelope,
        lab=lab,
        status=AllocationStatus.PLANNED,
        description=mark("planned_allocation"),
    )
    s.roadmap = Roadmap.objects.create(key=f"feuille-{key}", title=f"Feuille {key}", lab=lab)
    s.axis = Axis.objects.create(roadmap=s.roadmap, key=f"axe-{key}", title="Axe")
    s.group = Group.objects.create(axis=s.axis, title="Groupe")
    s.item = Item.objects.create(group=s.group, key=f"element-{key}", title="Élément", project=p)
    # People and accounts: a conversation, a webhook, an API token, one-time links.
    s.message = ContactMessageFactory(
        sender=member, recipient=agent, body=mark("message_body", PERSONAL)
    )
    s.subscription = Subscription.objects.create(
        url=f"https://outil.exemple.fr/{mark('webhook_url').lower()}",
        events=["request.received"],
        lab=lab,
        secret=uuid.uuid4().hex,
        owner=lead,
    )
    # Its name is on the audit trail, which the coordination reads whole.
    s.token = api_token_create(actor=lead, name=mark("token_name")).token
    s.uidb64 = urlsafe_base64_encode(force_bytes(agent.pk))
    s.user_token = default_token_generator.make_token(agent)
    return s


@dataclass
class World:
    own: SimpleNamespace
    foreign: SimpleNamespace
    markers: Markers
    users: dict


def world_build() -> World:
    populated_network(SimpleNamespace())
    own_lab = Lab.objects.get(key="innovmandie")
    own = side_build(
        "innovmandie",
        own_lab,
        lead=demo_user("responsable"),
        member=demo_user("membre"),
        agent=demo_user("agent"),
    )
    markers = Markers()
    foreign_lab = Lab.objects.exclude(pk=own_lab.pk).exclude(region=None).order_by("key")[0]
    foreign = side_build(
        "etranger",
        foreign_lab,
        lead=MembershipFactory(lab=foreign_lab, lead=True).user,
        member=MembershipFactory(lab=foreign_lab).user,
        agent=UserFactory(
            full_name=markers("author_name"),
            email=f"{markers('author_email').lower()}@exemple.gouv.fr",
        ),
        mark=markers,
    )
    # A second factor in the admin's lists (its secrets must stay hidden there).
    TOTPDevice.objects.create(user=foreign.lead, name="Application", confirmed=True)
    users = {role: demo_user(role) for role in ROLES if role}
    return World(own=own, foreign=foreign, markers=markers, users=users)
