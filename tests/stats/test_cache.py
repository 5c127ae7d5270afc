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
    cache.clear()
    yield
    cache.clear()


def _projects(user, **filters):
    board = dashboard(user=user, filters=StatsFilters(**filters), sections=["projects"])
    return board.sections[0].figures[0].value


def test_the_public_figures_are_kept_and_cost_no_query_until_they_expire(
    django_assert_num_queries,
):
    ProjectFactory()
    assert _projects(AnonymousUser()) == 1
    ProjectFactory()
    with django_assert_num_queries(0):
        assert _projects(AnonymousUser()) == 1
    # Other filters are other figures, computed for themselves.
    assert _projects(AnonymousUser(), year=2030) == 0
    cache.clear()
    assert _projects(AnonymousUser()) == 2


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
