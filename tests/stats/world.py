"""A small network whose every figure is known by hand: the stats tests assert exact
numbers on it."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from labnet.events.enums import EventStatus, RegistrationStatus
from labnet.funding.enums import AllocationStatus
from labnet.impact.models import Indicator, Measurement
from labnet.intake.enums import RequestStatus
from labnet.labs.enums import LabKind
from labnet.projects.enums import Stage
from tests.events.factories import CampaignFactory, EventFactory, RegistrationFactory
from tests.factories import (
    LabFactory,
    MembershipFactory,
    ProjectFactory,
    RegionFactory,
    RequestFactory,
    ThemeFactory,
    UserFactory,
)
from tests.funding.factories import AllocationFactory
from tests.trainings.factories import (
    AttendanceFactory,
    CohortFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    SessionFactory,
)


@dataclass
class World:
    normandie: object
    occitanie: object
    lab_n: object
    lab_o: object
    member: object  # member of lab_n
    lead: object  # lead of lab_n
    coordinator: object


def _at(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=dt.UTC)


def _request(lab, submitted, answered_after_hours, status):
    request = RequestFactory(lab=lab, status=status, submitted_at=submitted)
    if answered_after_hours is not None:
        request.first_answered_at = submitted + dt.timedelta(hours=answered_after_hours)
        request.first_answer_lab = lab
        request.first_answer_commitment_hours = 24
        request.save()
    return request


def build_world() -> World:
    normandie = RegionFactory()
    occitanie = RegionFactory(code="76", name="Occitanie")
    lab_n = LabFactory(key="lab-n", name="Lab N", region=normandie)
    lab_o = LabFactory(key="lab-o", name="Lab O", region=occitanie, kind=LabKind.LOCAL_AUTHORITY)
    member = MembershipFactory(lab=lab_n).user
    lead = MembershipFactory(lab=lab_n, lead=True).user
    coordinator = UserFactory(coordinator=True)

    # Projects: p2 is not published; p4 names no region (its lead lab's counts).
    theme_a = ThemeFactory(key="a", name_fr="Accueil", name_en="Reception")
    theme_b = ThemeFactory(key="b", name_fr="Bâti", name_en="Buildings")
    p1 = ProjectFactory(lead_lab=lab_n, stage=Stage.FRAMING, started_year=2022, region=normandie)
    p1.themes.set([theme_a])
    p2 = ProjectFactory(
        lead_lab=lab_n, stage=Stage.TESTING, started_year=2022, region=normandie, private=True
    )
    p3 = ProjectFactory(
        lead_lab=lab_o,
        stage=Stage.DEPLOYMENT,
        started_year=2021,
        region=occitanie,
        scaled_from=p1,
    )
    p3.themes.set([theme_a, theme_b])
    ProjectFactory(lead_lab=lab_o, stage="", started_year=2022, region=None)

    # Requests: two answered by lab N in 2022 (10 h and 30 h for a 24 h commitment), one
    # waiting at lab O since 2021, one draft (never counted).
    _request(lab_n, _at(2022, 3, 1), 10, RequestStatus.ACCEPTED)
    _request(lab_n, _at(2022, 4, 1), 30, RequestStatus.DECLINED)
    _request(lab_o, _at(2021, 5, 1), None, RequestStatus.SUBMITTED)
    RequestFactory(lab=lab_o, status=RequestStatus.DRAFT)

    # Events: the 2022 Mois has one event by lab N and one by nobody; a draft of lab N's
    # is not public; lab O organised one outside any campaign in 2021.
    mois = CampaignFactory(key="mois-2022", name="Mois 2022", starts_on=dt.date(2022, 11, 2))
    e1 = EventFactory(
        campaign=mois, organiser_lab=lab_n, region=normandie, starts_at=_at(2022, 11, 3)
    )
    EventFactory(campaign=mois, region=occitanie, starts_at=_at(2022, 11, 4))
    EventFactory(
        campaign=mois,
        organiser_lab=lab_n,
        region=normandie,
        starts_at=_at(2022, 11, 5),
        status=EventStatus.DRAFT,
    )
    EventFactory(organiser_lab=lab_o, region=occitanie, starts_at=_at(2021, 6, 1))
    RegistrationFactory.create_batch(2, event=e1)
    RegistrationFactory(event=e1, status=RegistrationStatus.PENDING, confirmed_at=None)

    # Trainings: two agents enrolled (one of each lab), both attended, one trained; one
    # more on the waiting list.
    programme = ProgrammeFactory(name="CLIP")
    cohort = CohortFactory(programme=programme)
    session = SessionFactory(cohort=cohort)
    trained = EnrolmentFactory(cohort=cohort, lab=lab_n, completed_at=timezone.now())
    attending = EnrolmentFactory(cohort=cohort, lab=lab_o)
    AttendanceFactory(session=session, enrolment=trained)
    AttendanceFactory(session=session, enrolment=attending)
    EnrolmentFactory(cohort=cohort, lab=lab_n, status="waiting")

    # Funding: lab N has a committed 10 000 € and a planned 5 000 €; lab O a paid
    # allocation whose amount is not stated.
    AllocationFactory(lab=lab_n, amount_eur=Decimal("10000.00"), year=2022)
    AllocationFactory(
        lab=lab_n, amount_eur=Decimal("5000.00"), year=2022, status=AllocationStatus.PLANNED
    )
    AllocationFactory(
        lab=lab_o, amount_eur=None, amount_unknown=True, year=2021, status=AllocationStatus.PAID
    )

    # Indicators: p1's public one reached its target; p2's internal one and p3's public one
    # have no measured value.
    reached = Indicator.objects.create(
        key="i1",
        project=p1,
        name="Délai",
        unit="jours",
        direction="increase",
        baseline_value=10,
        target_value=20,
        is_public=True,
    )
    Measurement.objects.create(indicator=reached, value=20)
    Indicator.objects.create(key="i2", project=p2, name="Interne", unit="x", direction="increase")
    Indicator.objects.create(
        key="i3",
        project=p3,
        name="Usagers",
        unit="%",
        direction="increase",
        baseline_value=10,
        target_value=20,
        is_public=True,
    )
    return World(normandie, occitanie, lab_n, lab_o, member, lead, coordinator)
