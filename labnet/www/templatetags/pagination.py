"""Pagination links."""

from django import template

register = template.Library()


@register.filter
def page_links(page):
    """The page numbers a pagination bar shows: the first, the last, two on each side of
    the current one, `Paginator.ELLIPSIS` for the gaps.

    Not the whole `page_range`: at national scale a list has hundreds of pages, and
    testing each number in the template cost more than the rest of the page.
    """
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
