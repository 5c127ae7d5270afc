"""Trainings in API v1: public programmes, cohorts and sessions; the caller's enrolments."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from labnet.trainings.models import Enrolment
from tests.factories import UserFactory
from tests.trainings.factories import (
    AttendanceFactory,
    CohortFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    SessionFactory,
)

from .conftest import client_with_token, keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def clip(db):
    programme = ProgrammeFactory(
        key="clip", name="CLIP", stated_trained_count=50, completion_rule_percent=60
    )
    cohort = CohortFactory(programme=programme, key="clip-3", number=3, capacity=1)
    other = CohortFactory(key="autre-1", programme__key="autre", programme__name="Autre")
    base = dt.datetime(2026, 3, 10, 13, 0, tzinfo=dt.UTC)
    for n in range(3):
        SessionFactory(
            cohort=cohort, title=f"Séance {n}", starts_at=base + dt.timedelta(days=30 * n)
        )
    SessionFactory(cohort=other, title="Ailleurs", starts_at=base)
    person = EnrolmentFactory(cohort=cohort, completed_at=timezone.now())
    AttendanceFactory(enrolment=person, session=cohort.sessions.first())
    return programme, cohort


def test_programmes_list_and_detail_with_counts(api, clip):
    assert keys(api.get("/api/v1/programmes/")) == ["autre", "clip"]
    detail = api.get("/api/v1/programmes/clip/").json()
    assert {
        k: detail[k]
        for k in (
            "stated_trained_count",
            "cohort_count",
            "enrolled_count",
            "attending_count",
            "trained_count",
        )
    } == {
        "stated_trained_count": 50,
        "cohort_count": 1,
        "enrolled_count": 1,
        "attending_count": 1,
        "trained_count": 1,
    }
    assert detail["url"] == "http://testserver/formations/clip/"
    assert api.get("/api/v1/programmes/inconnue/").status_code == 404


def test_cohorts_filter_by_programme(api, clip):
    _programme, cohort = clip
    assert keys(api.get("/api/v1/cohorts/?programme=clip")) == ["clip-3"]
    detail = api.get(f"/api/v1/cohorts/{cohort.pk}/").json()
    assert (detail["capacity"], detail["confirmed_count"], detail["places_left"]) == (1, 1, 0)
    assert detail["session_count"] == 3


def test_sessions_filter_by_cohort_programme_and_dates(api, clip):
    _programme, cohort = clip
    titles = lambda r: keys(r, "title")  # noqa: E731
    assert titles(api.get(f"/api/v1/sessions/?cohort={cohort.pk}")) == [
        "Séance 0",
        "Séance 1",
        "Séance 2",
    ]
    assert titles(api.get("/api/v1/sessions/?programme=clip")) == [
        "Séance 0",
        "Séance 1",
        "Séance 2",
    ]
    in_april = api.get(
        "/api/v1/sessions/?starts_after=2026-04-01T00:00:00Z&starts_before=2026-05-01T00:00:00Z"
    )
    assert titles(in_april) == ["Séance 1"]
    first = api.get(f"/api/v1/sessions/?cohort={cohort.pk}").json()["results"][0]
    # Stored in UTC, written with the offset of the site's time zone (Paris).
    assert first["starts_at"] == "2026-03-10T14:00:00+01:00"
    bad = api.get("/api/v1/sessions/?starts_after=demain")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "starts_after"


def test_enrol_through_the_api_then_waiting_list_then_duplicate(
    clip, django_capture_on_commit_callbacks
):
    _programme, cohort = clip
    agent = UserFactory(email="agnes@exemple.gouv.fr")
    client = client_with_token(agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/cohorts/{cohort.pk}/enrolments/")
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["position"], body["cohort_key"]) == ("waiting", 1, "clip-3")
    assert [m.to for m in mail.outbox] == [["agnes@exemple.gouv.fr"]]

    again = client.post(f"/api/v1/cohorts/{cohort.pk}/enrolments/")
    assert again.status_code == 400
    assert again.json() == {
        "errors": [
            {
                "field": "cohort",
                "message": "Vous êtes déjà inscrit à cette promotion.",
                "code": "duplicate",
            }
        ]
    }


def test_enrol_requires_authentication_and_an_existing_cohort(api, clip):
    _programme, cohort = clip
    assert api.post(f"/api/v1/cohorts/{cohort.pk}/enrolments/").status_code == 401
    client = client_with_token(UserFactory())
    assert client.post("/api/v1/cohorts/999999/enrolments/").status_code == 404


def test_closed_cohort_is_refused_with_a_code(clip):
    _programme, cohort = clip
    cohort.enrolment_open = False
    cohort.save()
    response = client_with_token(UserFactory()).post(f"/api/v1/cohorts/{cohort.pk}/enrolments/")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "closed"


def test_enrolments_lists_only_the_callers_and_cancels(clip):
    _programme, cohort = clip
    agent = UserFactory()
    mine = EnrolmentFactory(user=agent, cohort=CohortFactory(key="a-moi"))
    someone_elses = Enrolment.objects.get(cohort=cohort)
    client = client_with_token(agent)
    assert keys(client.get("/api/v1/enrolments/"), "id") == [mine.pk]

    assert client.post(f"/api/v1/enrolments/{someone_elses.pk}/cancel/").status_code == 404
    response = client.post(f"/api/v1/enrolments/{mine.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    again = client.post(f"/api/v1/enrolments/{mine.pk}/cancel/")
    assert again.status_code == 400
    assert again.json()["errors"][0]["code"] == "cancelled"


def test_enrolments_need_authentication(api):
    assert api.get("/api/v1/enrolments/").status_code == 401


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _network(n):
    for _ in range(n):
        cohort = CohortFactory()
        EnrolmentFactory(cohort=cohort)
        SessionFactory(cohort=cohort)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # count + page
        ("/api/v1/programmes/", 2),
        # count + page + member labs
        ("/api/v1/cohorts/", 3),
        ("/api/v1/sessions/", 2),
    ],
)
def test_public_lists_query_counts(api, url, expected):
    _network(2)
    assert _queries(api, url) == expected
    _network(8)
    assert _queries(api, url) == expected


def test_enrolments_query_count(db):
    agent = UserFactory()
    client = client_with_token(agent)
    EnrolmentFactory.create_batch(2, user=agent)
    small = _queries(client, "/api/v1/enrolments/")
    EnrolmentFactory.create_batch(8, user=agent)
    # token + user, count, page
    assert small == _queries(client, "/api/v1/enrolments/") == 3
