"""The lab's board and portfolio list; another lab taking a project up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from labnet.accounts.rules import is_coordinator
from labnet.labs.models import Lab, Theme
from labnet.labs.selectors import lab_get
from labnet.projects import cycle_time, selectors
from labnet.projects.enums import ProjectStatus, Stage
from labnet.projects.models import Project
from labnet.projects.services import project_take_up
from labnet.www.forms import write_from_form

from ..forms import (
    TakeUpForm,
)

LIST_PAGE_SIZE = 50


def _lab_or_404(lab_key: str) -> Lab:
    try:
        return lab_get(key=lab_key)
    except Lab.DoesNotExist as exc:
        raise Http404(_("Ce laboratoire n'existe pas.")) from exc


def _portfolio_breadcrumb(lab, current):
    return {
        "links": [
            {"url": reverse("www:atlas"), "title": _("Atlas des laboratoires")},
            {"url": lab.get_absolute_url(), "title": lab.name},
        ],
        "current": current,
    }


@login_required
def board(request, lab_key):
    lab = _lab_or_404(lab_key)
    columns = selectors.portfolio_board(user=request.user, lab=lab)
    lab_times = cycle_time.stage_cycle_times(lab=lab)
    network_times = {row.stage: row for row in cycle_time.stage_cycle_times()}
    return render(
        request,
        "www/accompaniment/board.html",
        {
            "page_title": _("Tableau des projets — %(lab)s") % {"lab": lab.name},
            "breadcrumb_data": _portfolio_breadcrumb(lab, _("Tableau des projets")),
            "lab": lab,
            "columns": columns,
            "project_total": sum(c.total for c in columns),
            "cycle_times": [(row, network_times[row.stage]) for row in lab_times],
        },
    )


@login_required
def portfolio_list(request, lab_key):
    lab = _lab_or_404(lab_key)
    filters = selectors.PortfolioFilters(
        **{
            name: request.GET.get(name, "").strip()
            for name in selectors.PortfolioFilters.__dataclass_fields__
        }
    )
    projects = selectors.portfolio_projects(user=request.user, lab=lab, filters=filters)
    page = Paginator(projects, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "www/accompaniment/portfolio_list.html",
        {
            "page_title": _("Projets — %(lab)s") % {"lab": lab.name},
            "breadcrumb_data": _portfolio_breadcrumb(lab, _("Projets")),
            "lab": lab,
            "projects": page,
            "page_obj": page,
            "project_total": page.paginator.count,
            "page_query": query.urlencode(),
            "filters": filters,
            "has_filters": any(vars(filters).values()),
            "stages": Stage.choices,
            "statuses": ProjectStatus.choices,
            "themes": Theme.objects.order_by("name_fr"),
        },
    )


@login_required
def take_up(request, key):
    """Another lab takes the project up: the form is also on the public project page."""
    try:
        source = selectors.project_get_visible(user=request.user, key=key)
    except Project.DoesNotExist as exc:
        raise Http404(_("Ce projet n'existe pas ou n'est pas publié.")) from exc
    labs = selectors.labs_for_take_up(user=request.user, project=source)
    form = TakeUpForm(
        request.POST or None,
        labs=labs,
        every_lab=is_coordinator(request.user),
        lead_lab_id=source.lead_lab_id,
    )
    reuse = write_from_form(
        form,
        lambda data: project_take_up(
            actor=request.user,
            source=source,
            lab=data["lab"],
            adaptation_notes=data["adaptation_notes"],
            title=data["title"],
        ),
    )
    if reuse is not None:
        messages.success(
            request,
            _("Le projet est repris par %(lab)s : voici son espace de travail.")
            % {"lab": reuse.lead_lab.name},
        )
        return redirect("accompaniment:workspace", key=reuse.key)
    return render(
        request,
        "www/accompaniment/take_up.html",
        {
            "page_title": _("Reprendre le projet"),
            "breadcrumb_data": {
                "links": [{"url": source.get_absolute_url(), "title": source.title}],
                "current": _("Reprendre le projet"),
            },
            "project": source,
            "form": form,
            "has_labs": labs.exists(),
        },
    )
