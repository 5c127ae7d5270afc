"""Schemathesis against the documented API, in-process, within a bounded budget.

Every operation of `/api/v1/openapi.json` is called with generated requests, valid ones and
invalid ones, anonymously and with the API tokens of a lab member and of the coordination;
no answer may be a server error, break the documented schema of its body, or have another
content type than documented. It runs in the test's process on the test database (SQLite,
or PostgreSQL when DATABASE_URL names it, so NUL characters meet PostgreSQL), through
Django's WSGI handler: no server. The data holds one record of each kind, and operations on
a record are also called with that record's key so they get past the 404.

Budget (docs/adr/0045-input-robustness.md): per operation and caller, EXAMPLES valid
requests, NEGATIVE_EXAMPLES invalid ones and KNOWN_EXAMPLES on the known record; a fixed
seed so a run is the same run every time; no shrinking, no example database. That is some
500 requests per caller, about 25-30 s of CPU each on the development machine. The budget
is fixed by those counts, not by a time limit: a CPU budget asserted here failed when the
same machine ran two to three times slower one evening (48-52 s against 45), which says
nothing about the API. Each caller prints its CPU time, so CI's log shows the cost.
"""

import re
import time

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.calls.factories import AnswerFactory, CallFactory
from tests.events.factories import CampaignFactory, EventFactory
from tests.funding.factories import AllocationFactory, EnvelopeFactory, FundingSourceFactory
from tests.intake.helpers import sent_to
from tests.people.factories import SkillFactory
from tests.resources.factories import ResourceFactory
from tests.trainings.factories import CohortFactory, EnrolmentFactory, SessionFactory

from .conftest import client_with_token

pytestmark = [pytest.mark.django_db, pytest.mark.once]

EXAMPLES = 3
NEGATIVE_EXAMPLES = 2
KNOWN_EXAMPLES = 2
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def same_connection():
    """Django's WSGI handler closes the database connection after each request, which
    would end the test's transaction (on PostgreSQL; SQLite's in-memory database is never
    closed): the test client's handler does the same as this, for the whole test, the
    schema's own request included."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def records(directory):
    """One record of each kind the API serves, keyed by the path's first segment."""
    d = directory
    lab = d.innovmandie
    call = CallFactory(owner_lab=lab)
    answer = AnswerFactory(call=call)
    campaign = CampaignFactory()
    event = EventFactory(campaign=campaign, organiser_lab=lab)
    cohort = CohortFactory()
    session = SessionFactory(cohort=cohort)
    enrolment = EnrolmentFactory(cohort=cohort, user=d.member)
    source = FundingSourceFactory()
    envelope = EnvelopeFactory(funding_source=source)
    allocation = AllocationFactory(envelope=envelope, lab=lab)
    resource = ResourceFactory(lab=lab)
    skill = SkillFactory()
    request = sent_to(lab, author=d.member)
    return {
        "labs": lab.key,
        "projects": d.guichet.key,
        "organisations": d.prefecture.key,
        "regions": d.normandie.code,
        "departments": d.eure.code,
        "themes": d.accueil.key,
        "calls": call.key,
        "answers": answer.pk,
        "campaigns": campaign.key,
        "events": event.key,
        "programmes": cohort.programme.key,
        "cohorts": cohort.pk,
        "sessions": session.pk,
        "enrolments": enrolment.pk,
        "funding-sources": source.key,
        "envelopes": envelope.key,
        "allocations": allocation.key,
        "resources": resource.key,
        "skills": skill.key,
        "requests": str(request.public_id),
    }


@pytest.fixture
def api_schema(records, same_connection):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


def _known_path(operation, records) -> dict:
    """The operation's first path parameter set to the known record of its kind, if any."""
    names = re.findall(r"{(\w+)}", operation.path)
    segment = operation.path.removeprefix("/api/v1/").split("/")[0]
    if not names or segment not in records:
        return {}
    return {names[0]: records[segment]}


def _failures_of(operation, headers: dict, mode: GenerationMode, examples: int, **fixed) -> list:
    @seed(11)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        # An operation without any input to make invalid has no negative case.
        return []
    except (Exception, BaseExceptionGroup) as error:
        return [f"{operation.label} [{mode.value}{' known' if fixed else ''}]: {error}"]
    return []


@pytest.mark.parametrize("caller", ["anonymous", "member", "coordinator"])
def test_no_server_error_and_no_schema_violation(api_schema, records, directory, caller):
    headers = {}
    if caller != "anonymous":
        token = client_with_token(getattr(directory, caller))._credentials["HTTP_AUTHORIZATION"]
        headers = {"Authorization": token}
    started = time.process_time()
    failures, operations = [], 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        failures += _failures_of(operation, headers, GenerationMode.POSITIVE, EXAMPLES)
        failures += _failures_of(operation, headers, GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES)
        known = _known_path(operation, records)
        if known:
            failures += _failures_of(
                operation, headers, GenerationMode.POSITIVE, KNOWN_EXAMPLES, path_parameters=known
            )
    cpu_seconds = time.process_time() - started
    print(f"schemathesis, {caller}: {operations} operations, {cpu_seconds:.1f} s of CPU")

    assert not failures, "\n\n".join(failures[:15]) + f"\n\n{len(failures)} failures in all"
    assert operations >= 93  # every operation of the document (93 when this was written)
