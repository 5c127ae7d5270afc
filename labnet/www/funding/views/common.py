"""What the funding pages share."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from labnet.funding.models import Allocation, Envelope
from labnet.funding.selectors.allocations import allocation_get_visible
from labnet.funding.selectors.envelopes import envelope_get
from labnet.www.breadcrumbs import breadcrumb

NAV = "funding"
# Allocations a list page shows: twenty rows, as the agenda and the library (the totals
# above them already add up every allocation filtered).
PAGE_SIZE = 20


def crumbs(current, *links):
    return breadcrumb(current, (reverse("funding:overview"), _("Financements")), *links)


def manage_crumbs(current):
    return crumbs(current, (reverse("funding:manage"), _("Gestion des financements")))


def envelope_or_404(key) -> Envelope:
    try:
        return envelope_get(key=key)
    except Envelope.DoesNotExist as exc:
        raise Http404(_("Cette enveloppe n'existe pas.")) from exc


def allocation_or_404(request, key) -> Allocation:
    try:
        return allocation_get_visible(user=request.user, key=key)
    except Allocation.DoesNotExist as exc:
        raise Http404(_("Cette attribution n'existe pas ou n'est pas publique.")) from exc


def form_page(request, form, *, title, submit, cancel_url, status=200, intro=""):
    return render(
        request,
        "www/funding/form.html",
        {
            "nav": NAV,
            "page_title": title,
            "title": title,
            "intro": intro,
            "breadcrumb_data": manage_crumbs(title),
            "form": form,
            "submit": submit,
            "cancel_url": cancel_url,
        },
        status=status,
    )


class ListedIdsPaginator(Paginator):
    """The page's ids read first (a narrow sort on the allocation's own columns), then
    their rows with what the list shows, for those ids given as a list: as a subquery,
    PostgreSQL joined every decided allocation before keeping 50 (docs/adr/0058's
    measures); SQLite did so with the plain query."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)
