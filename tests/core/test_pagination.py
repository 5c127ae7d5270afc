"""IdsFirstPaginator: the same pages as Django's paginator, in one query per page."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.core.pagination import CappedPaginator, IdsFirstPaginator
from labnet.events.models import Event
from labnet.events.selectors import with_places_taken
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _events():
    return with_places_taken(Event.objects.select_related("organiser_lab")).order_by("title", "pk")


def test_every_page_holds_the_rows_of_djangos_paginator_in_the_same_order():
    for n, title in enumerate(["b", "a", "c", "a", "e", "d", "a"]):
        event = EventFactory(title=title, key=f"e{n}")
        for _ in range(n % 3):
            RegistrationFactory(event=event)
    plain = Paginator(_events(), 3, orphans=1)
    ids_first = IdsFirstPaginator(_events(), 3, orphans=1)
    assert ids_first.num_pages == plain.num_pages == 2
    for number in (1, 2):
        expected = [(e.pk, e.places_taken) for e in plain.page(number)]
        got = [(e.pk, e.places_taken) for e in ids_first.page(number)]
        assert got == expected
    assert len(ids_first.page(2)) == 4  # the orphan joins the last page


def test_a_page_is_one_query_with_its_related_rows_joined():
    EventFactory.create_batch(4)
    paginator = IdsFirstPaginator(_events(), 2)
    paginator.count  # noqa: B018 (the count is its own query, as with Django's)
    with CaptureQueriesContext(connection) as ctx:
        rows = list(paginator.page(2))
        [event.organiser_lab for event in rows]
    assert len(rows) == 2 and len(ctx.captured_queries) == 1
    assert "LIMIT 2" in ctx.captured_queries[0]["sql"]


def test_a_list_that_is_not_a_queryset_is_paged_as_usual():
    assert list(IdsFirstPaginator([1, 2, 3], 2).page(2)) == [3]


def test_a_capped_paginator_counts_no_further_than_its_cap_in_one_query():
    for n in range(7):
        EventFactory(title=f"e{n}", key=f"e{n}")
    capped = CappedPaginator(_events(), 2, cap=5)
    with CaptureQueriesContext(connection) as ctx:
        assert capped.count == 5 and capped.capped
    assert len(ctx.captured_queries) == 1 and "LIMIT 6" in ctx.captured_queries[0]["sql"]
    assert capped.num_pages == 3
    plain = Paginator(_events(), 2)
    for number in (1, 2, 3):
        expected = [e.pk for e in plain.page(number)][: 5 - (number - 1) * 2]
        assert [e.pk for e in capped.page(number)] == expected
    assert len(capped.page(3)) == 1  # the fifth row ends the last page offered


def test_a_capped_paginator_under_its_cap_counts_exactly():
    EventFactory.create_batch(3)
    paginator = CappedPaginator(_events(), 2, cap=3)
    assert paginator.count == 3 and not paginator.capped and paginator.num_pages == 2


def test_a_page_may_read_its_rows_without_the_lists_filters():
    for n, title in enumerate(["b", "a", "c", "a", "e"]):
        EventFactory(title=title, key=f"e{n}")
    filtered = _events().exclude(title="c")
    paginator = IdsFirstPaginator(filtered, 2, rows=_events())
    with CaptureQueriesContext(connection) as ctx:
        got = [e.pk for e in paginator.page(2)]
    assert got == [e.pk for e in Paginator(filtered, 2).page(2)]
    # The filter is applied once, by the query of the ids.
    assert ctx.captured_queries[-1]["sql"].count("'c'") == 1
