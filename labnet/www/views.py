"""Public pages: home, atlas of labs, lab and project pages. Views stay thin:
they read through selectors, write through services, and render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from labnet.accounts.rules import is_coordinator
from labnet.accounts.selectors import lab_team
from labnet.events.campaign_selectors import lab_upcoming_events
from labnet.funding.selectors.allocations import lab_funding
from labnet.labs.enums import LabStatus
from labnet.labs.models import Lab
from labnet.labs.rules import (
    can_edit_lab_profile,
    can_see_lab_internals,
    require_can_edit_lab_profile,
)
from labnet.labs.selectors import (
    LabFilters,
    lab_filter_options,
    lab_get,
    lab_list,
    lab_region_counts,
    regions_with_lab_counts,
)
from labnet.labs.services import lab_update_profile
from labnet.projects.lineage import lineage_tree
from labnet.projects.models import Project
from labnet.projects.network import (
    as_take_ups,
    cooperations_of,
    lab_cooperations,
    lab_public_project_counts,
    network_figures,
)
from labnet.projects.rules import can_see_project_internals, can_take_up_project
from labnet.projects.selectors import (
    lab_projects_visible,
    labs_for_take_up,
    project_get_visible,
    project_list_visible,
)
from labnet.search.selectors import similar_to_project
from labnet.territories.maps import region_centroids, region_map
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.page_cache import CATALOGUE, public_page

from .accompaniment.forms import TakeUpForm
from .forms import LabProfileForm
from .links import query_without

ATLAS_PAGE_SIZE = 24
# The lab page pages its projects: the busiest lab leads 2,100 of them.
LAB_PROJECTS_PAGE_SIZE = 20
PARTNER_PAGE = "partenariats"
# A lab's page names its closest partners; its cooperations page has the lists, paged
# (the busiest lab works with ~600 labs on ~600 projects).
PARTNERS_ON_LAB_PAGE = 3
PARTNERS_PAGE_SIZE = 20
PARTNERS_PAGE = "laboratoires"
SHARED_PAGE = "projets-communs"
TAKE_UP_PAGE = "reprises"


@public_page(*CATALOGUE)
def home(request):
    regions = regions_with_lab_counts()
    view_box, attribution, shapes = region_map({r.code: r.lab_count for r in regions})
    return render(
        request,
        "www/home.html",
        {
            "nav": "home",
            "figures": network_figures(),
            "map_view_box": view_box,
            "map_attribution": attribution,
            "map_shapes": shapes,
            "latest_projects": project_list_visible(user=request.user).order_by(
                "-updated_at", "title"
            )[:6],
        },
    )


@public_page(*CATALOGUE)
def atlas(request):
    filters = LabFilters(
        **{field: request.GET.get(field, "").strip() for field in LabFilters.__dataclass_fields__}
    )
    page = Paginator(lab_list(filters=filters), ATLAS_PAGE_SIZE).get_page(request.GET.get("page"))
    project_counts = lab_public_project_counts(lab_ids=[lab.pk for lab in page])
    for lab in page:
        lab.public_project_count = project_counts.get(lab.pk, 0)
    view_box, attribution, shapes = region_map(lab_region_counts(filters=filters))
    centroids = region_centroids()
    markers = [
        {"code": s.code, "name": s.name, "count": s.count, **centroids[s.code]}
        for s in shapes
        if s.count and s.code in centroids
    ]
    return render(
        request,
        "www/atlas.html",
        {
            "nav": "atlas",
            "page_title": _("Atlas des laboratoires"),
            "breadcrumb_data": {"current": _("Atlas des laboratoires")},
            "labs": page,
            "page_obj": page,
            "lab_total": page.paginator.count,
            "page_query": query_without(request, "page"),
            "filters": filters,
            "options": lab_filter_options(),
            "has_filters": any(vars(filters).values()),
            "map_view_box": view_box,
            "map_attribution": attribution,
            "map_shapes": shapes,
            "map_markers": markers,
            "region_query_prefix": query_without(request, "region", "page"),
            "tile_url": settings.LABNET_TILE_URL,
            "tile_attribution": settings.LABNET_TILE_ATTRIBUTION,
        },
    )


def _get_lab_or_404(key: str) -> Lab:
    try:
        return lab_get(key=key)
    except Lab.DoesNotExist as exc:
        raise Http404(_("Ce laboratoire n'existe pas.")) from exc


@public_page(
    *CATALOGUE, "events", "funding", "impact", "roadmaps", "intake", "people", "resources", "search"
)
def lab_detail(request, key):
    lab = _get_lab_or_404(key)
    led, partnered = lab_projects_visible(user=request.user, lab=lab)
    led_page = Paginator(led, LAB_PROJECTS_PAGE_SIZE).get_page(request.GET.get("page"))
    partner_page = Paginator(partnered, LAB_PROJECTS_PAGE_SIZE).get_page(
        request.GET.get(PARTNER_PAGE)
    )
    show_team = can_see_lab_internals(request.user, lab)
    team = lab_team(lab=lab) if show_team else []
    # The closest partners and how many there are; the lists are on their own page.
    partners, partner_total = lab_cooperations(lab=lab, user=request.user).top_partners(
        PARTNERS_ON_LAB_PAGE
    )
    return render(
        request,
        "www/lab_detail.html",
        {
            "nav": "atlas",
            "page_title": lab.name,
            "breadcrumb_data": {
                "links": [{"url": reverse("www:atlas"), "title": _("Atlas des laboratoires")}],
                "current": lab.name,
            },
            "lab": lab,
            "led_projects": led_page,
            "partner_projects": partner_page,
            "led_query": query_without(request, "page"),
            "partner_query": query_without(request, PARTNER_PAGE),
            "partner_param": PARTNER_PAGE,
            "show_team": show_team,
            "team": team,
            "partners": partners,
            "partner_total": partner_total,
            "upcoming_events": lab_upcoming_events(lab=lab),
            "lab_funding": lab_funding(user=request.user, lab=lab),
            "can_edit": can_edit_lab_profile(request.user, lab),
            "is_in_preparation": lab.status == LabStatus.IN_PREPARATION,
        },
    )


def _under_lab(lab: Lab, current: str) -> dict:
    """The breadcrumb of a page under a lab's page: atlas, lab, this page."""
    return breadcrumb(
        current,
        (reverse("www:atlas"), _("Atlas des laboratoires")),
        (lab.get_absolute_url(), lab.name),
    )


@public_page(*CATALOGUE)
def lab_cooperations_page(request, key):
    """Who a lab works with: every partner lab ranked, the projects run together and the
    take-ups between labs, each list paged (the busiest lab works with about 600 labs)."""
    lab = _get_lab_or_404(key)
    cooperations = lab_cooperations(lab=lab, user=request.user)
    partners = Paginator(cooperations.partners(), PARTNERS_PAGE_SIZE).get_page(
        request.GET.get(PARTNERS_PAGE)
    )
    partners.object_list = cooperations_of(partners.object_list)
    shared_page = Paginator(cooperations.shared_projects(), LAB_PROJECTS_PAGE_SIZE).get_page(
        request.GET.get(SHARED_PAGE)
    )
    shared_page.object_list = cooperations.with_other_labs(shared_page.object_list)
    take_up_page = Paginator(cooperations.take_ups(), LAB_PROJECTS_PAGE_SIZE).get_page(
        request.GET.get(TAKE_UP_PAGE)
    )
    take_up_page.object_list = as_take_ups(take_up_page.object_list)
    title = _("Coopérations de %(lab)s") % {"lab": lab.name}
    return render(
        request,
        "www/lab_cooperations.html",
        {
            "nav": "atlas",
            "page_title": title,
            "breadcrumb_data": _under_lab(lab, _("Coopérations")),
            "lab": lab,
            "partners": partners,
            "partners_query": query_without(request, PARTNERS_PAGE),
            "partners_param": PARTNERS_PAGE,
            "shared_projects": shared_page,
            "shared_query": query_without(request, SHARED_PAGE),
            "shared_param": SHARED_PAGE,
            "take_ups": take_up_page,
            "take_up_query": query_without(request, TAKE_UP_PAGE),
            "take_up_param": TAKE_UP_PAGE,
        },
    )


@login_required
def lab_edit(request, key):
    lab = _get_lab_or_404(key)
    require_can_edit_lab_profile(request.user, lab)
    initial = {
        "summary": lab.summary,
        "email": lab.email,
        "website": lab.website,
        "team_fte": lab.team_fte,
        "is_itinerant": lab.is_itinerant,
        "first_answer_hours": lab.first_answer_hours,
        "missions": lab.missions,
        "themes": list(lab.themes.all()),
    }
    form = LabProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = data.pop("themes")
        lab_update_profile(actor=request.user, lab=lab, data=data, themes=themes)
        messages.success(request, _("Le profil du laboratoire a été mis à jour."))
        return redirect(lab)
    return render(
        request,
        "www/lab_edit.html",
        {
            "nav": "atlas",
            "page_title": _("Modifier %(lab)s") % {"lab": lab.name},
            "breadcrumb_data": _under_lab(lab, _("Modifier")),
            "lab": lab,
            "form": form,
        },
    )


@public_page(*CATALOGUE, "search", "roadmaps", "resources", "impact", "people")
def project_detail(request, key):
    """The public sheet (Objective / Approach / Results), its lineage as a tree, the most
    similar projects of the network, and the take-up form for other labs' teams."""
    try:
        project = project_get_visible(user=request.user, key=key)
    except Project.DoesNotExist as exc:
        raise Http404(_("Ce projet n'existe pas ou n'est pas publié.")) from exc
    take_up_form = None
    if request.user.is_authenticated and can_take_up_project(request.user, project):
        take_up_form = TakeUpForm(
            labs=labs_for_take_up(user=request.user, project=project),
            every_lab=is_coordinator(request.user),
            lead_lab_id=project.lead_lab_id,
        )
    return render(
        request,
        "www/project_detail.html",
        {
            "page_title": project.title,
            "breadcrumb_data": {
                "links": (
                    [{"url": project.lead_lab.get_absolute_url(), "title": project.lead_lab.name}]
                    if project.lead_lab
                    else []
                ),
                "current": project.title,
            },
            "project": project,
            # Only projects this visitor may read are named in the lineage.
            "lineage": lineage_tree(project=project, user=request.user),
            "similar": list(similar_to_project(project=project, user=request.user, limit=5)),
            "show_workspace": can_see_project_internals(request.user, project),
            "take_up_form": take_up_form,
        },
    )
