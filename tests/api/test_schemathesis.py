"""Schemathesis against the documented API, in-process, within a bounded budget.

Every operation of `/api/v1/openapi.json` is called with generated requests (valid ones and
invalid ones) anonymously and with the API tokens of a lab member and of the coordination;
no answer may be a server error nor break the documented schema (its body, its content
type). It runs in the same process as the tests, on the test database (SQLite or
PostgreSQL, whichever DATABASE_URL names), through Django's WSGI handler: no server.

Budget (docs/adr/0045-input-robustness.md): EXAMPLES_PER_OPERATION requests per operation and
generation mode, a fixed seed so a run is reproducible, no shrinking (a failure is reported
as found, with the request to replay it) and no example database. About 130 operations x 2
modes x 3 callers x 4 examples is some 3,100 requests, which take about a minute per
database on the development machine; TIME_LIMIT_SECONDS fails the run if it slows down
past the budget rather than letting CI creep.
"""

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

from .conftest import client_with_token

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 4
TIME_LIMIT_SECONDS = 90
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


class _SameConnection:
    """Django's WSGI handler closes the database connection after each request, which
    would end the test's transaction: the test client's handler does the same as this."""

    def __enter__(self):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)

    def __exit__(self, *exc):
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _token_header(user) -> dict:
    client = client_with_token(user)
    return {"Authorization": client._credentials["HTTP_AUTHORIZATION"]}


def _failures_of(operation, mode: GenerationMode, headers: dict) -> list[str]:
    found: list[str] = []

    @seed(11)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION if mode == GenerationMode.POSITIVE else 2,
        deadline=None,
        database=None,
        derandomize=False,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        # An operation without any input to make invalid (a list without parameters) has
        # no negative case: nothing to test there.
        pass
    except (Exception, BaseExceptionGroup) as error:
        found.append(f"{operation.label} [{mode.value}]: {error}")
    return found


@pytest.fixture
def api_schema(directory):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@pytest.mark.parametrize("caller", ["anonymous", "member", "coordinator"])
def test_no_server_error_and_no_schema_violation(api_schema, directory, caller):
    headers = {} if caller == "anonymous" else _token_header(getattr(directory, caller))
    started = time.monotonic()
    failures: list[str] = []
    operations = 0
    with _SameConnection():
        for result in api_schema.get_all_operations():
            operation = result.ok()
            operations += 1
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                t0 = time.monotonic()
                failures += _failures_of(operation, mode, headers)
                print("TIMING", operation.label, mode.value, round(time.monotonic() - t0, 2))
    elapsed = time.monotonic() - started

    assert not failures, "\n\n".join(failures[:20]) + f"\n\n{len(failures)} failures in all"
    assert operations >= 89  # every operation the document lists (at the time of writing)
    assert elapsed < TIME_LIMIT_SECONDS / 3, f"{elapsed:.0f} s for one caller"
