"""The public side of the figures is kept for LABNET_STATS_CACHE_SECONDS; the internal
side never is."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils import translation

from labnet.stats.bilan import bilan
from labnet.stats.filters import StatsFilters
from labnet.stats.selectors import dashboard
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.LABNET_STATS_CACHE_SECONDS = 300
    settings.LABNET_PAGE_CACHE = True  # topic versions are bumped only with it
    settings.LABNET_TOPIC_STORE = "cache"  # versions beside the figures: no query to read
    cache.clear()
    yield
    cache.clear()


def _projects(user, **filters):
    board = dashboard(user=user, filters=StatsFilters(**filters), sections=["projects"])
    return board.sections[0].figures[0].value


def test_the_public_figures_are_kept_until_a_write_commits(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    ProjectFactory()
    assert _projects(AnonymousUser()) == 1
    with django_assert_num_queries(0):
        assert _projects(AnonymousUser()) == 1
    # Other filters are other figures, computed for themselves.
    assert _projects(AnonymousUser(), year=2030) == 0
    # A write not yet committed changes nothing that is kept...
    ProjectFactory()
    assert _projects(AnonymousUser()) == 1
    # ...and once a write commits, the figures count it at once. (The test's outer
    # transaction never commits: only the callbacks captured here run, once.)
    with django_capture_on_commit_callbacks(execute=True):
        ProjectFactory()
    assert _projects(AnonymousUser()) == 3


def test_nothing_is_kept_without_the_page_cache(settings):
    settings.LABNET_PAGE_CACHE = False
    assert _projects(AnonymousUser()) == 0
    ProjectFactory()
    assert _projects(AnonymousUser()) == 1


def test_the_internal_side_is_never_kept():
    coordinator = UserFactory(coordinator=True)
    ProjectFactory(private=True)
    assert _projects(AnonymousUser()) == 0
    assert _projects(coordinator) == 1
    ProjectFactory(private=True)
    assert _projects(coordinator) == 2


def test_each_language_keeps_its_own_labels(django_assert_num_queries):
    ProjectFactory()
    french = dashboard(user=AnonymousUser(), filters=StatsFilters(), sections=["projects"])
    with translation.override("en"):
        english = dashboard(user=AnonymousUser(), filters=StatsFilters(), sections=["projects"])
    assert french.sections[0].tables[0].title == "Projets par étape"
    assert english.sections[0].tables[0].title == "Projects by stage"


def test_the_bilan_is_kept_too(django_assert_num_queries):
    first = bilan()
    with django_assert_num_queries(0):
        assert [line.computed for line in bilan().lines] == [line.computed for line in first.lines]
