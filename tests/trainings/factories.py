import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from labnet.trainings.enums import CohortStatus, EnrolmentStatus, ProgrammeKind
from labnet.trainings.models import Cohort, Enrolment, Programme, Session, SessionAttendance
from tests.factories import OrganisationFactory, UserFactory


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    key = factory.Sequence(lambda n: f"formation-{n}")
    name = factory.Sequence(lambda n: f"Formation {n}")
    kind = ProgrammeKind.COURSE
    organiser_organisation = factory.SubFactory(OrganisationFactory)
    description = "Une formation pour conduire un laboratoire."
    completion_rule_percent = 80


class CohortFactory(DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    key = factory.Sequence(lambda n: f"promotion-{n}")
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"{o.programme.name} — promotion {o.number}")
    status = CohortStatus.OPEN
    capacity = 10
    enrolment_open = True


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Séance {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    place = "DITP, Paris"


class EnrolmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    status = EnrolmentStatus.CONFIRMED


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = SessionAttendance

    session = factory.SubFactory(SessionFactory)
    enrolment = factory.SubFactory(EnrolmentFactory)
    present = True
