"""The trainings pages run a fixed number of queries, for 2 items as for 10."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import LabFactory, UserFactory
from tests.trainings.factories import (
    AttendanceFactory,
    CohortFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _cohort_with(n, programme, *, agent=None):
    cohort = CohortFactory(programme=programme, capacity=50)
    cohort.member_labs.set(LabFactory.create_batch(n))
    sessions = SessionFactory.create_batch(n, cohort=cohort)
    people = [EnrolmentFactory(cohort=cohort, lab=LabFactory()) for _ in range(n)]
    if agent is not None:
        people.append(EnrolmentFactory(cohort=cohort, user=agent))
    for enrolment in people:
        for session in sessions:
            AttendanceFactory(session=session, enrolment=enrolment)
    return cohort


def _programme_with(n, **kwargs):
    programme = ProgrammeFactory(**kwargs)
    for _ in range(n):
        _cohort_with(n, programme)
    return programme


def test_programme_list_and_figures(client):
    _programme_with(2)
    small = (_count(client, "/formations/"), _count(client, "/formations/chiffres/"))
    for _ in range(8):
        _programme_with(2)
    big = (_count(client, "/formations/"), _count(client, "/formations/chiffres/"))
    # list: session + programmes with their counts; figures: + programmes, cohorts, labs,
    # years and totals.
    assert small == big == (1, 5)


@pytest.mark.parametrize("n", [2, 10])
def test_programme_page(client, n):
    programme = _programme_with(n, stated_trained_count=50)
    # programme with counts, cohorts with counts, their labs, their sessions.
    assert _count(client, programme.get_absolute_url()) == 4


@pytest.mark.parametrize("n", [2, 10])
def test_cohort_page_for_an_enrolled_agent(client, agent, n):
    cohort = _cohort_with(n, ProgrammeFactory(), agent=agent)
    client.force_login(agent)
    # session and user, cohort with counts, its labs, my enrolment with progress, my
    # attendance, the sessions, + header labs.
    assert _count(client, cohort.get_absolute_url()) == 8


@pytest.mark.parametrize("n", [2, 10])
def test_manager_pages(client, coordinator, n):
    cohort = _cohort_with(n, ProgrammeFactory())
    client.force_login(coordinator)
    # session, user, cohort with counts, its labs, the enrolments with progress,
    # + header labs.
    assert _count(client, f"{cohort.get_absolute_url()}inscrits/") == 6
    session = cohort.sessions.first()
    # session, user, the session with its cohort, the sheet, the header's labs.
    assert _count(client, f"/formations/seances/{session.pk}/presences/") == 5


@pytest.mark.parametrize("n", [2, 10])
def test_my_trainings(client, n):
    person = UserFactory()
    for _ in range(n):
        cohort = CohortFactory()
        AttendanceFactory(
            enrolment=EnrolmentFactory(cohort=cohort, user=person),
            session=SessionFactory(cohort=cohort),
        )
    client.force_login(person)
    # session, user, the enrolments, + header labs
    assert _count(client, "/formations/mes-formations/") == 4


@pytest.mark.parametrize("n", [2, 10])
def test_sessions_page_with_its_cancel_forms(client, coordinator, n):
    cohort = _cohort_with(n, ProgrammeFactory())
    cohort.sessions.filter(pk=cohort.sessions.first().pk).update(is_cancelled=True)
    client.force_login(coordinator)
    # session, user, cohort with counts, its labs, the sessions (their cancel forms query
    # nothing), + header labs.
    assert _count(client, f"{cohort.get_absolute_url()}seances/") == 6


@pytest.mark.parametrize("n", [2, 10])
def test_certificate_check(client, n):
    cohort = _cohort_with(n, ProgrammeFactory())
    enrolment = cohort.enrolments.first()
    enrolment.completed_at = enrolment.created_at
    enrolment.certificate_number = "LN-2026-1A2B3C4D"
    enrolment.save()
    # The enrolment with its holder, cohort, programme and counts; nothing else, even for
    # an unknown number (404).
    assert _count(client, "/formations/attestations/verifier/?numero=LN-2026-1A2B3C4D") == 1
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/formations/attestations/verifier/?numero=LN-2026-00000000")
    assert response.status_code == 404
    assert len(ctx.captured_queries) == 1
    assert _count(client, "/formations/attestations/verifier/") == 0
