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


class IdsFirstPaginator(Paginator):
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
        rows = queryset.filter(pk__in=ids)
        return self._get_page(rows, number, self)
