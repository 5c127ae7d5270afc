from rest_framework.pagination import PageNumberPagination

from labnet.core.pagination import IdsFirstPaginator


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class IdsFirstPagination(StandardPagination):
    """The same pages, the page's ids found first (labnet.core.pagination): for lists whose
    rows carry joins and subqueries over thousands of matches (events)."""

    django_paginator_class = IdsFirstPaginator
