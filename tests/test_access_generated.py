"""Every URL pattern, as every role, on objects of the user's lab and of another lab.

The patterns come from the resolver (tests/access_routes.py), the objects and the roles
from tests/access_world.py, so a route added later is requested without anyone listing it,
and one whose arguments nothing fills fails `test_every_pattern_gets_its_objects` until
its object is named. Asserted for every role:
- no GET answers a server error;
- no answer contains a marker of the foreign lab's private objects the role must not see;
- POST, empty and with the data a legitimate user's form holds, to every pattern filled
  with the foreign lab's objects, by those outside its team, changes no row of any table,
  and where the route takes writes is refused (403, 404, 405, 400, 401, 429, or a redirect
  to the sign-in page); so are the visitor's to every page and the admin's to non-staff.
Own-lab objects are requested in French, foreign ones in English, so both prefixes are
walked; pages without arguments alternate languages by role.
"""

import hashlib
import json
import time
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import resolve
from django.utils import translation

from tests.access_routes import fill as fill_route
from tests.access_routes import route_table
from tests.access_world import (
    ADMIN,
    ANONYMOUS,
    COORDINATOR,
    LEAD,
    OUTSIDERS,
    ROLES,
    SIDES,
    world_build,
)
from tests.crawl import accepts_get

pytestmark = [pytest.mark.django_db, pytest.mark.once]

# Writes anyone may make on another lab's object: the object is public and the write is
# the visitor's own (signing up, answering, proposing), or the link's token is the proof.
WRITES_ANYONE_MAY = {
    "events:event_register",  # signing up to a published event
    "api:event-register",
    "events:registration_confirm",  # by the registration's e-mailed link
    "events:registration_cancel",
    "trainings:cohort_enrol",  # enrolling in an open cohort
    "api:cohort-enrol",
    "calls:answer_new",  # answering a published call
    "api:call-answers",
    "events:proposal_create",  # proposing an event to a campaign open to proposals
    "accompaniment:take_up",  # a lab taking up another lab's published project
    "impact:survey",  # answered by its e-mailed link
    "accounts:activate",  # by the e-mailed link
    "accounts:password_reset_confirm",
    "demarches_webhook",  # authenticated by its token
}
# Pages without arguments a visitor may post to: signing in or up, asking for a reset,
# choosing a language, checking a certificate number. Their effects (failed sign-ins
# counted and audited, e-mails queued) are their purpose.
ANONYMOUS_WRITES = {
    "accounts:login",
    "admin:login",  # the admin's own sign-in and sign-out
    "admin:logout",
    "accounts:register",
    "accounts:password_reset",
    "api:token",
    "records:check",
    "trainings:certificate_check",
}
# Tables a refused request may still write: the session of a signed-in client, the
# sign-in failure counters.
VOLATILE_TABLES = {"django_session", "axes_accessattempt", "axes_accessfailurelog"}
# Pages opened by a link whose token is the credential: whoever holds the e-mailed link is
# the visitor who registered or the author asked about their request, and sees what is
# theirs. The test fills the token, so it holds the link.
BY_LINK = {"events:registration_confirm", "events:registration_cancel", "impact:survey"}
REFUSED = {400, 401, 403, 404, 405, 429}
# Addresses whose POSTs are made between two counts of every table's rows.
COUNT_EVERY = 10
# The Django admin refuses whoever is not staff, whatever their labs: its writes are tried
# by the least and the most trusted of the roles outside it (over half the POSTs otherwise).
ADMIN_WRITERS = {ANONYMOUS, LEAD}
LOGIN_PATHS = ("/compte/connexion/", "/en/compte/connexion/", "/admin/login/", "/en/admin/login/")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module in a transaction rolled back at its end; each test runs in
    a savepoint inside it. Background tasks are queued, not run: a GET of a publication
    would otherwise build a PDF of the whole network."""
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_db_blocker.unblock(), override_settings(TASKS=dummy):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield world_build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _client(world, role: str) -> Client:
    client = Client()
    if role:
        client.force_login(world.users[role])
    return client


def _body(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def _requests(world, role_index: int, role: str):
    """(route, path, side) for every pattern: own objects in French, foreign in English."""
    for route in route_table():
        if not route.kwargs:
            language = "en" if role_index % 2 else "fr"
            yield route, route.path({}, language), None
            continue
        for name in SIDES[role]:
            side, language = (world.own, "fr") if name == "own" else (world.foreign, "en")
            combos, missing = fill_route(route, side)
            if missing:
                continue
            for values in combos:
                yield route, route.path(values, language), side
            if route.is_admin:
                break  # the admin's ids are the same for both sides


def test_every_pattern_gets_its_objects(world):
    unfilled, wrong = [], []
    routes = route_table()
    for route in routes:
        for side in (world.own, world.foreign):
            combos, missing = fill_route(route, side)
            unfilled += [f"{route.name} ({route.text}): no object for <{k}>" for k in missing]
            for values in combos if not missing else []:
                path = route.path(values, "en")
                with translation.override("en"):
                    match = resolve(urlsplit(path).path)
                if match.func is not route.callback and match.url_name != route.name:
                    wrong.append(f"{route.name}: {path} resolves to {match.view_name}")
    assert not unfilled, "add their objects to tests/access_routes.py:\n" + "\n".join(
        sorted(set(unfilled))
    )
    assert not wrong, "\n".join(wrong)
    assert len(routes) > 500  # API, pages and admin


def test_no_page_fails_and_none_shows_a_secret_of_another_lab(world):
    failures, leaks, timings = [], [], []
    for index, role in enumerate(ROLES):
        client = _client(world, role)
        hidden = [] if role == ADMIN else world.markers.hidden_from(role)
        for route, path, _side in _requests(world, index, role):
            started = time.perf_counter()
            try:
                response = client.get(path)
            except Exception as error:
                failures.append(f"{role or 'anonymous'} GET {path}: {error!r}")
                continue
            timings.append((time.perf_counter() - started, path))
            # A 503 that says when to come back is a deliberate "not yet" (a publication
            # whose build is queued), not a failure.
            later = response.status_code == 503 and response.has_header("Retry-After")
            if response.status_code >= 500 and not later:
                failures.append(f"{role or 'anonymous'} GET {path}: {response.status_code}")
            body = _body(response)
            for marker in hidden if route.name not in BY_LINK else ():
                if marker.text in body or marker.text.lower() in body:
                    leaks.append(f"{role or 'anonymous'} GET {path} shows {marker.text}")
    timings.sort(reverse=True)
    print(f"{len(timings)} GETs in {sum(t for t, _ in timings):.1f} s; slowest:", timings[:8])
    assert not failures and not leaks, "\n".join(failures + leaks)
    assert len(timings) > 2500


class _Forms(HTMLParser):
    """The fields of a page's POST forms, filled as a person would."""

    def __init__(self):
        super().__init__()
        self.data, self.in_post, self.select, self.actions = {}, False, None, set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_post = (attrs.get("method") or "").lower() == "post"
            if self.in_post:
                self.actions.add(urlsplit(attrs.get("action") or "").path)
        if not self.in_post or not attrs.get("name") or attrs["name"] == "csrfmiddlewaretoken":
            if tag == "option" and self.select and attrs.get("value"):
                self.data.setdefault(self.select, attrs["value"])
            return
        name, kind = attrs["name"], (attrs.get("type") or "text").lower()
        if tag == "input" and kind not in {"submit", "button", "file", "image"}:
            plausible = {
                "email": "agent@exemple.gouv.fr",
                "number": "3",
                "url": "https://exemple.fr",
            }
            plausible |= {"date": "2027-03-01", "datetime-local": "2027-03-01T10:00"}
            value = attrs.get("value") or plausible.get(kind, "Texte plausible")
            if kind not in {"checkbox", "radio"} or name not in self.data:
                self.data.setdefault(name, value)
        elif tag == "select":
            self.select = name
        elif tag == "textarea":
            self.data.setdefault(name, "Un texte plausible.")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "form":
            self.in_post = False


API_PLAUSIBLE = {
    "decision": "accept",
    "kind": "accept",
    "lab": "innovmandie",
    "message": "Un message plausible.",
    "reason": "Une raison plausible.",
    "title": "Un titre plausible",
    "value": "12",
    "measured_on": "2026-06-01",
    "status": "committed",
    "amount_eur": "100.00",
    "paid_on": "2026-06-01",
    "full_name": "Agnès Plausible",
    "email": "agent@exemple.gouv.fr",
    "responses": {},
    "total": "10",
    "comment": "Un commentaire.",
    "statement": "A contribué à l'atelier.",
}


def _plausible(route, path: str, reader: Client) -> tuple[dict, bool]:
    """What a legitimate user would post there, and whether the route takes writes at all:
    an API view with a POST method, a view that answers only POST, one whose page holds a
    form posting to itself, or any page of the Django admin."""
    drf = getattr(route.callback, "cls", None)
    if drf is not None:
        actions = getattr(route.callback, "actions", None)
        return API_PLAUSIBLE, ("post" in actions) if actions else hasattr(drf, "post")
    writes = route.is_admin or not accepts_get(route.callback)
    response = reader.get(path)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return {"title": "Texte plausible"}, writes
    forms = _Forms()
    forms.feed(_body(response))
    writes = writes or bool(forms.actions & {"", urlsplit(path).path})
    return forms.data or {"title": "Texte plausible"}, writes


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return sorted(set(names) - VOLATILE_TABLES)


def _counts(tables) -> tuple:
    query = " UNION ALL ".join(
        f"SELECT '{t}', COUNT(*) FROM {connection.ops.quote_name(t)}"  # noqa: S608
        for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        return tuple(sorted(cursor.fetchall()))


def _snapshot(tables) -> dict[str, str]:
    found = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
            found[table] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return found


def _refused(response) -> bool:
    if response.status_code in REFUSED:
        return True
    location = response.get("Location", "")
    return response.status_code in {301, 302, 303} and urlsplit(location).path in LOGIN_PATHS


def _write_targets(world, role):
    for route in route_table():
        if route.name in WRITES_ANYONE_MAY or route.name in ANONYMOUS_WRITES:
            continue
        if route.is_admin and role not in ADMIN_WRITERS:
            continue
        if not route.kwargs:
            if role == ANONYMOUS or route.is_admin:
                yield route, route.path({}, "fr")
            continue
        combos, missing = fill_route(route, world.foreign)
        for values in combos if not missing else []:
            yield route, route.path(values, "en")


def test_writes_by_those_outside_another_lab_are_refused_and_change_nothing(world):
    tables = _tables()
    readers = {False: _client(world, COORDINATOR), True: _client(world, ADMIN)}
    targets = {role: list(_write_targets(world, role)) for role in sorted(OUTSIDERS)}
    # Read first: a reader's GET may itself write (a publication's build queued, an export
    # on the audit trail), which must not be taken for an outsider's write.
    plausible = {}
    for route, path in (target for role_targets in targets.values() for target in role_targets):
        if path not in plausible:
            plausible[path] = _plausible(route, path, readers[route.is_admin])
    not_refused, changed, posts = [], [], 0
    for role, role_targets in targets.items():
        client = _client(world, role)
        who = role or "anonymous"
        before = _snapshot(tables)
        counts = _counts(tables)
        # Row counts are compared every COUNT_EVERY POSTs and at the end of the role, and a
        # change names those POSTs: counting every table after each of 2,400 POSTs took
        # most of this test's four minutes on PostgreSQL.
        window = []
        for number, (route, path) in enumerate(role_targets, start=1):
            filled, takes_writes = plausible[path]
            for data in ({}, filled):
                if route.is_api:
                    response = client.post(path, json.dumps(data), content_type="application/json")
                else:
                    response = client.post(path, data)
                posts += 1
                window.append(path)
                if takes_writes and not _refused(response):
                    where = response.get("Location", "")
                    not_refused.append(f"{who} POST {path}: {response.status_code} {where}")
            if number % COUNT_EVERY and number < len(role_targets):
                continue
            counts, previous = _counts(tables), counts
            if counts != previous:
                changed.append(f"{who}: one of these POSTs changed row counts: {window}")
            window = []
        after = _snapshot(tables)
        changed += [f"{who}: {table} changed" for table in tables if before[table] != after[table]]
    print(f"{posts} POSTs by {len(targets)} roles to {len(plausible)} addresses")
    assert not not_refused and not changed, "\n".join(not_refused + changed)
    assert posts > 2000
