"""A paginator that finds the page's ids before it builds the page's rows.

A list page asks the database for 20 rows in some order among thousands. When each row
carries joins and a correlated subquery (an event's places taken), SQLite computes them
for every matching row before sorting, then keeps 20: 12,000 upcoming events cost their
12,000 subqueries. Here the order and the cut are done on the ids alone (a narrow query the
indexes can serve), and the full rows are read for those ids only, in the same SQL
statement (`pk IN (SELECT ... LIMIT n OFFSET m)`): one query per page, as before, with the
same rows in the same order.
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class IdsFirstPaginator(Paginator):
    """`rows`: the queryset the page's full rows are read from, when the list's own filters
    are costly to apply twice (a text search): the same joins, annotations and order as
    `object_list`, without its filters, since the ids found already passed them."""

    def __init__(self, object_list, per_page, *, rows=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows

    def page(self, number):
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        queryset = self.object_list
        ids = queryset.values("pk")[bottom:top]
        # The outer query keeps the list's order (over the page's rows only).
        rows = (queryset if self.rows is None else self.rows).filter(pk__in=ids)
        return self._get_page(rows, number, self)


class CappedPaginator(IdsFirstPaginator):
    """An `IdsFirstPaginator` that counts no further than `cap` rows.

    A search matching tens of thousands of rows ("numérique": three events out of four)
    would otherwise count them all on every request to print a figure and a last page
    nobody reads. Here the count stops at `cap` + 1 (`COUNT(*)` over a `LIMIT`, still one
    query); past `cap`, `capped` is true, the page says "more than `cap`" and offers the
    first `cap` rows, in pages, and no "last page" (tests/core/test_pagination.py).
    """

    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _found(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)
        return self.object_list.values("pk")[: self.cap + 1].count()

    @property
    def count(self) -> int:
        return min(self._found, self.cap)

    @property
    def capped(self) -> bool:
        return self._found > self.cap
