"""The national picture read from the precomputed facts (docs/adr/0058) gives exactly the
figures computed live, for every audience and filter, in a fixed number of queries; a
write asks for a rebuild once committed; the facts are built at once when none exist."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.stats import freshness
from labnet.stats.facts import rebuild_facts
from labnet.stats.filters import StatsFilters
from labnet.stats.models import AnswerTimesFact, FactsBuild, ProjectFact
from labnet.stats.selectors import dashboard
from tests.factories import ProjectFactory

from .world import build_world

pytestmark = pytest.mark.django_db

FILTERS = [
    {},
    {"year": 2022},
    {"year": 2021},
    {"year": 1999},
    {"region": "28"},
    {"region": "76"},
    {"year": 2022, "region": "28"},
    {"year": 2022, "region": "76"},
    {"region": "99"},
]


@pytest.fixture
def world():
    return build_world()


def _board(user, settings, *, facts, **filters):
    settings.LABNET_STATS_FACTS = facts
    return dashboard(user=user, filters=StatsFilters(**filters))


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("who", ["public", "coordinator", "lab_member"])
def test_the_facts_give_the_live_figures(world, settings, filters, who):
    user = {
        "public": AnonymousUser(),
        "coordinator": world.coordinator,
        "lab_member": world.member,
    }[who]
    live = _board(user, settings, facts=False, **filters)
    rebuild_facts()
    precomputed = _board(user, settings, facts=True, **filters)
    assert precomputed.sections == live.sections
    assert precomputed.internal == live.internal


def test_a_lab_dashboard_stays_live(world, settings):
    rebuild_facts()
    ProjectFact.objects.all().delete()  # a lab's figures never read the facts
    settings.LABNET_STATS_FACTS = True
    board = dashboard(user=AnonymousUser(), filters=StatsFilters(), lab=world.lab_n)
    settings.LABNET_STATS_FACTS = False
    assert (
        board.sections
        == dashboard(user=AnonymousUser(), filters=StatsFilters(), lab=world.lab_n).sections
    )


def test_the_first_reader_builds_the_facts_then_they_are_read(world, settings):
    settings.LABNET_STATS_FACTS = True
    assert not FactsBuild.objects.exists()
    dashboard(user=AnonymousUser(), filters=StatsFilters())
    assert FactsBuild.objects.count() == 1
    assert AnswerTimesFact.objects.filter(year=None, region="*").count() == 1
    # Built: the national dashboard is a fixed number of queries whatever the data.
    with CaptureQueriesContext(connection) as queries:
        dashboard(user=AnonymousUser(), filters=StatsFilters(year=2022, region="28"))
    assert len(queries) == 15


def test_a_committed_write_asks_for_one_rebuild_and_the_task_makes_it(
    world, settings, django_capture_on_commit_callbacks
):
    settings.LABNET_STATS_FACTS = True
    rebuild_facts()
    before = dashboard(user=AnonymousUser(), filters=StatsFilters()).sections[0].figures[0]
    freshness.cache.delete(freshness.PENDING_KEY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ProjectFactory(lead_lab=world.lab_n, started_year=2022, region=world.normandie)
        ProjectFactory(lead_lab=world.lab_n, started_year=2022, region=world.normandie)
    # Two writes, one rebuild (the test settings run tasks at once).
    assert len(callbacks) >= 2
    after = dashboard(user=AnonymousUser(), filters=StatsFilters()).sections[0].figures[0]
    assert after.value == before.value + 2
    assert FactsBuild.objects.count() == 1


def test_writes_ask_nothing_when_the_facts_are_off(
    world, settings, django_capture_on_commit_callbacks
):
    settings.LABNET_STATS_FACTS = False
    with django_capture_on_commit_callbacks() as callbacks:
        ProjectFactory(lead_lab=world.lab_n)
    assert not any(getattr(c, "__name__", "") == "request_rebuild" for c in callbacks)


def test_the_bilan_from_the_facts_is_the_bilan_computed_now(world, settings):
    from labnet.stats.bilan import compute_bilan
    from tests.events.factories import CampaignFactory

    CampaignFactory(kind="national_month", name="Mois 2022", starts_on="2022-11-01")
    live = compute_bilan()
    settings.LABNET_STATS_FACTS = True
    rebuild_facts()
    precomputed = compute_bilan()
    assert [(line.key, line.computed, line.detail, line.label) for line in precomputed.lines] == [
        (line.key, line.computed, line.detail, line.label) for line in live.lines
    ]
    assert (precomputed.lines, precomputed.uncounted) == (live.lines, live.uncounted)
    assert live.built_at is None and precomputed.built_at is not None
    month = next(line for line in live.lines if line.key == "events.national_month.count")
    assert month.detail == "Mois 2022"


def test_the_filters_years_come_with_the_facts(world, settings):
    from labnet.stats.options import compute_filter_options

    live = compute_filter_options()
    settings.LABNET_STATS_FACTS = True
    rebuild_facts()
    with CaptureQueriesContext(connection) as queries:
        precomputed = compute_filter_options()
    assert precomputed == live
    assert live["years"][0] >= 2022
    assert len(queries) == 2  # the build, the regions
