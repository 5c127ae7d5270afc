"""The public funding pages: the overview and an envelope's page."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from labnet.figures.selectors import figures_side_by_side
from labnet.funding.rules import can_manage_funding
from labnet.funding.selectors.allocations import filter_options, visible_allocations
from labnet.funding.selectors.base import AllocationFilters
from labnet.funding.selectors.envelopes import envelope_tree, envelope_used_amounts
from labnet.funding.selectors.totals import funding_totals, funding_totals_by
from labnet.labs.models import Lab
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.cached_select import CachedSelect
from labnet.www.links import query_without
from labnet.www.name_choices import NameChoiceField
from labnet.www.page_cache import CATALOGUE, public_page

from .common import NAV, PAGE_SIZE, ListedIdsPaginator, crumbs, envelope_or_404

# Labs listed one by one in the totals per lab; the others are added up in one row.
TOP_LABS = 20
FUNDING_UNITS = ("EUR", "FTE")


def _lab_select(chosen: str) -> str:
    """The lab filter: every lab of the network by name, its options written once and kept
    in the cache under the labs' data version (`CachedSelect`), the chosen one marked."""
    widget = CachedSelect(key="funding-lab", model=Lab)
    widget.choices = NameChoiceField(
        queryset=Lab.objects.order_by("name"), to_field_name="key", empty_label=_("Tous")
    ).choices
    return widget.render("lab", chosen, attrs={"class": "fr-select", "id": "filter-lab"})


@public_page(*CATALOGUE, "funding")
def overview(request):
    filters = AllocationFilters.from_query(request.GET)
    allocations = visible_allocations(user=request.user, filters=filters)
    # Three groupings from one grouped query (the lab's needs its own: lab or project).
    totals = funding_totals_by(user=request.user, bys=("status", "year", "region"), filters=filters)
    # The page's ids first (a narrow sort), then their rows with what they show: SQLite
    # otherwise joined every decided allocation before sorting and keeping 50.
    paginator = ListedIdsPaginator(allocations, PAGE_SIZE)
    # The list's rows are the totals' rows (the same readable, filtered allocations): their
    # number is already counted, no second pass over them.
    paginator.count = totals["status"].overall.count
    page = paginator.get_page(request.GET.get("page"))
    options = filter_options()
    return render(
        request,
        "www/funding/overview.html",
        {
            "nav": NAV,
            "page_title": _("Financements du réseau"),
            "breadcrumb_data": breadcrumb(_("Financements")),
            "tree": envelope_tree(user=request.user, filters=filters),
            "by_status": totals["status"],
            "by_year": totals["year"],
            "by_region": totals["region"],
            "by_lab": funding_totals(user=request.user, by="lab", filters=filters, top=TOP_LABS),
            "page_obj": page,
            "allocations": page,
            "page_query": query_without(request, "page"),
            "filters": filters,
            "options": options,
            # A thousand labs: the list is kept in the cache until a lab changes.
            "lab_select": _lab_select(filters.lab),
            "can_manage": can_manage_funding(request.user),
            # What the documents state about money and staff, next to what LabNet counts.
            "stated": figures_side_by_side(units=FUNDING_UNITS),
        },
    )


@public_page(*CATALOGUE, "funding")
def envelope_detail(request, key):
    envelope = envelope_or_404(key)
    filters = AllocationFilters(envelope=envelope.key)
    page = ListedIdsPaginator(
        visible_allocations(user=request.user, filters=filters), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    can_manage = can_manage_funding(request.user)
    used = envelope_used_amounts(envelope_ids=[envelope.pk]).get(envelope.pk)
    split, held = used or (None, None)
    left = None
    if can_manage and envelope.amount_eur is not None:
        left = envelope.amount_eur - (split or 0) - (held or 0)
    return render(
        request,
        "www/funding/envelope_detail.html",
        {
            "nav": NAV,
            "page_title": envelope.name,
            "breadcrumb_data": crumbs(envelope.name),
            "envelope": envelope,
            "children": list(envelope.children.order_by("name")),
            "allocations": page,
            "page_obj": page,
            "page_query": query_without(request, "page"),
            "totals": funding_totals(user=request.user, by="status", filters=filters),
            "can_manage": can_manage,
            "split": split,
            "held": held,
            "left": left,
        },
    )
