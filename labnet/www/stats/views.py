"""The network's picture: the national dashboard, a lab's dashboard, each table as a CSV
file, and the live "bilan". Views only read `labnet.stats` (which decides who sees what)
and render; filters come from a GET form that works without JavaScript."""

import csv
import io
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from labnet.core.csv_safety import spreadsheet_row
from labnet.labs.models import Lab
from labnet.labs.selectors import lab_get
from labnet.stats.bilan import bilan
from labnet.stats.filters import StatsFilters
from labnet.stats.options import filter_options
from labnet.stats.selectors import dashboard
from labnet.stats.selectors.dashboard import section_of_table
from labnet.stats.tables import plain_number
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.page_cache import CATALOGUE, public_page

from .charts import chart_attributes

NAV = "stats"
# The apps whose rows the figures count (the bilan also reads the stated figures).
FIGURES = (*CATALOGUE, "intake", "events", "trainings", "funding", "impact", "figures", "stats")


def _lab_or_404(key) -> Lab:
    try:
        return lab_get(key=key)
    except Lab.DoesNotExist as exc:
        raise Http404(_("Ce laboratoire n'existe pas.")) from exc


def _render_dashboard(request, *, lab=None):
    filters = StatsFilters.from_query(request.GET)
    board = dashboard(user=request.user, filters=filters, lab=lab)
    charts = {
        table.key: chart_attributes(table)
        for section in board.sections
        for table in section.tables
        if table.has_chart
    }
    if lab is None:
        title = _("Le réseau en chiffres")
        crumbs = breadcrumb(title)
        page_url = reverse("stats:national")
    else:
        title = _("Tableau de bord de %(lab)s") % {"lab": lab.name}
        crumbs = breadcrumb(
            _("Tableau de bord"),
            (reverse("www:atlas"), _("Atlas des laboratoires")),
            (lab.get_absolute_url(), lab.name),
        )
        page_url = reverse("stats:lab", kwargs={"key": lab.key})
    return render(
        request,
        "www/stats/dashboard.html",
        {
            "nav": NAV if lab is None else "atlas",
            "page_title": title,
            "breadcrumb_data": crumbs,
            "board": board,
            "charts": charts,
            "filters": filters,
            "options": filter_options(),
            "page_url": page_url,
            "lab": lab,
            "query": urlencode(filters.as_query()),
            "api_url": _api_url(lab, filters),
        },
    )


def _api_url(lab, filters: StatsFilters) -> str:
    """The same figures in /api/v1/stats/ (whose filters have English names)."""
    query = {"lab": lab.key} if lab is not None else {}
    if filters.year is not None:
        query["year"] = filters.year
    if filters.region:
        query["region"] = filters.region
    url = reverse("api:stats-list")
    return f"{url}?{urlencode(query)}" if query else url


@public_page(*FIGURES)
def national(request):
    return _render_dashboard(request)


@public_page(*FIGURES)
def lab_dashboard(request, key):
    return _render_dashboard(request, lab=_lab_or_404(key))


def _csv_response(request, *, table_key, lab=None):
    section = section_of_table(table_key)
    if section is None:
        raise Http404(_("Ce tableau n'existe pas."))
    filters = StatsFilters.from_query(request.GET)
    board = dashboard(user=request.user, filters=filters, lab=lab, sections=[section])
    table = board.table(table_key)
    if table is None:  # an internal table the reader may not see is no table for them
        raise Http404(_("Ce tableau n'existe pas."))
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that spreadsheet software reads the accents, as other exports
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(spreadsheet_row([str(c.label) for c in table.columns]))
    for row in table.rows:
        writer.writerow(spreadsheet_row([str(row[0]), *(plain_number(value) for value in row[1:])]))
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    parts = ["labnet", lab.key if lab else "reseau", table.key, *filters.as_query().values()]
    response["Content-Disposition"] = f'attachment; filename="{"-".join(parts)}.csv"'
    return response


def national_csv(request, table):
    return _csv_response(request, table_key=table)


def lab_csv(request, key, table):
    return _csv_response(request, table_key=table, lab=_lab_or_404(key))


@public_page(*FIGURES)
def bilan_page(request):
    return render(
        request,
        "www/stats/bilan.html",
        {
            "nav": NAV,
            "page_title": _("Bilan à date"),
            "breadcrumb_data": breadcrumb(
                _("Bilan à date"), (reverse("stats:national"), _("Le réseau en chiffres"))
            ),
            "bilan": bilan(),
        },
    )
