"""Pages of the shared library: the library and its filters, a resource's page and file,
the proposal form, "my proposals" and the coordination's review queue. Views stay thin:
they read through `resources.selectors`, write through `resources.services`, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.resources.enums import ResourceStatus
from labnet.resources.models import Resource
from labnet.resources.rules import (
    can_edit_proposal,
    can_propose_resource,
    can_review_resources,
    require_can_edit_proposal,
    require_can_propose_resource,
    require_can_read_review_queue,
    require_can_review_resources,
)
from labnet.resources.selectors import (
    ResourceFilters,
    labs_for_proposal,
    project_choices_for_linking,
    project_ids_user_may_unlink,
    projects_for_linking,
    proposals_of,
    resource_filter_options,
    resource_get_visible,
    resource_kind_counts,
    resource_library,
    review_queue,
)
from labnet.resources.services import (
    resource_link_project,
    resource_propose,
    resource_review,
    resource_unlink_project,
    resource_update,
)
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.forms import add_service_errors, write_from_form
from labnet.www.links import query_without
from labnet.www.page_cache import CATALOGUE, public_page

from .forms import LinkProjectForm, ResourceEditForm, ResourceForm, ReviewForm

PAGE_SIZE = 20
REVIEW_PAGE_SIZE = 50


def _breadcrumb(current, *links):
    return breadcrumb(current, (reverse("resources:library"), _("Ressources")), *links)


@public_page(*CATALOGUE, "resources")
def library(request):
    filters = ResourceFilters.from_query(request.GET)
    # The text search reads the index in each query (docs/adr/0060): cheaper than handing
    # thousands of matching ids to the count, the rows and the kind counts.
    page = Paginator(resource_library(filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "www/resources/library.html",
        {
            "nav": "resources",
            "page_title": _("Ressources partagées"),
            "breadcrumb_data": {"current": _("Ressources")},
            "resources": page,
            "page_obj": page,
            "total": page.paginator.count,
            "page_query": query_without(request, "page"),
            "kind_query": query_without(request, "kind", "page"),
            "filters": filters,
            "kind_counts": resource_kind_counts(filters=filters),
            "options": resource_filter_options(),
            "has_filters": any(vars(filters).values()),
            "can_propose": can_propose_resource(request.user),
            "can_review": can_review_resources(request.user),
        },
    )


def _get_visible_or_404(request, key: str) -> Resource:
    try:
        return resource_get_visible(user=request.user, key=key)
    except Resource.DoesNotExist as exc:
        raise Http404(_("Cette ressource n'existe pas ou n'est pas publiée.")) from exc


def _link_form(request, resource, data=None) -> LinkProjectForm:
    return LinkProjectForm(
        data,
        projects=projects_for_linking(user=request.user, resource=resource),
        choices=project_choices_for_linking(user=request.user, resource=resource),
        prefix="link",
    )


def _render_detail(request, resource, *, review_form=None, link_form=None, status=200):
    can_review = can_review_resources(request.user) and resource.status == ResourceStatus.PROPOSED
    if link_form is None and request.user.is_authenticated and resource.is_published:
        link_form = _link_form(request, resource)
        if not link_form.has_projects:
            link_form = None
    projects = list(resource.projects.all())
    return render(
        request,
        "www/resources/detail.html",
        {
            "nav": "resources",
            "page_title": resource.title,
            "breadcrumb_data": _breadcrumb(resource.title),
            "resource": resource,
            "projects": projects,
            "unlinkable_ids": project_ids_user_may_unlink(
                user=request.user, project_ids=[p.pk for p in projects]
            ),
            "can_edit": can_edit_proposal(request.user, resource),
            "review_form": (review_form or ReviewForm(prefix="review")) if can_review else None,
            "link_form": link_form,
        },
        status=status,
    )


@public_page(*CATALOGUE, "resources")
def detail(request, key):
    return _render_detail(request, _get_visible_or_404(request, key))


def download(request, key):
    """Files are served only through this check (published, or the proposer's own)."""
    resource = _get_visible_or_404(request, key)
    if not resource.file:
        raise Http404(_("Cette ressource n'a pas de fichier."))
    response = FileResponse(
        resource.file.open("rb"),
        as_attachment=True,
        filename=f"{resource.key}.{resource.file_extension}",
        content_type=resource.content_type or "application/octet-stream",
    )
    # The stored type was detected from the bytes; the browser must not guess another.
    response["X-Content-Type-Options"] = "nosniff"
    if not resource.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


def _render_form(request, form, *, resource=None, status=200):
    title = _("Modifier la proposition") if resource else _("Proposer une ressource")
    links = [(reverse("resources:my_proposals"), _("Mes propositions"))]
    if resource:
        links.append((resource.get_absolute_url(), resource.title))
    return render(
        request,
        "www/resources/propose.html",
        {
            "nav": "resources",
            "page_title": title,
            "title": title,
            "breadcrumb_data": _breadcrumb(title, *links),
            "form": form,
            "resource": resource,
        },
        status=status,
    )


def _service_kwargs(form) -> dict:
    data = dict(form.cleaned_data)
    return {
        "data": {
            name: data[name] for name in ("title", "kind", "summary", "url", "licence", "lab")
        },
        "tags": data["tags"],
        "themes": data["themes"],
        "file": data["file"],
    }


@login_required
def propose(request):
    require_can_propose_resource(request.user)
    form = ResourceForm(
        request.POST or None, request.FILES or None, labs=labs_for_proposal(user=request.user)
    )
    if request.method == "POST":
        resource = write_from_form(
            form, lambda data: resource_propose(actor=request.user, **_service_kwargs(form))
        )
        if resource is not None:
            messages.success(
                request,
                _(
                    "Merci ! Votre ressource est proposée : la coordination nationale la "
                    "relit avant de la publier, et vous écrit."
                ),
            )
            return redirect(resource)
        return _render_form(request, form, status=400)
    return _render_form(request, form)


@login_required
def edit(request, key):
    resource = _get_visible_or_404(request, key)
    require_can_edit_proposal(request.user, resource)
    labs = labs_for_proposal(user=request.user)
    if request.method != "POST":
        initial = {
            "title": resource.title,
            "kind": resource.kind,
            "summary": resource.summary,
            "url": resource.url,
            "licence": resource.licence,
            "tags": ", ".join(t.name for t in resource.tags.all()),
            "themes": list(resource.themes.all()),
            "lab": resource.lab.key if resource.lab else None,
        }
        return _render_form(
            request,
            ResourceEditForm(initial=initial, labs=labs, has_file=bool(resource.file)),
            resource=resource,
        )
    form = ResourceEditForm(request.POST, request.FILES, labs=labs, has_file=bool(resource.file))
    saved = write_from_form(
        form,
        lambda data: resource_update(
            actor=request.user,
            resource=resource,
            remove_file=data["remove_file"],
            **_service_kwargs(form),
        ),
    )
    if saved is not None:
        messages.success(request, _("Votre proposition est modifiée."))
        return redirect(resource)
    return _render_form(request, form, resource=resource, status=400)


@login_required
def my_proposals(request):
    return render(
        request,
        "www/resources/my_proposals.html",
        {
            "nav": "resources",
            "page_title": _("Mes propositions de ressources"),
            "breadcrumb_data": _breadcrumb(_("Mes propositions")),
            "resources": list(proposals_of(user=request.user)),
            "can_propose": can_propose_resource(request.user),
        },
    )


@login_required
def review_list(request):
    require_can_read_review_queue(request.user)
    # Paged: hundreds of proposals may wait at national scale.
    page = Paginator(review_queue(), REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "www/resources/review_queue.html",
        {
            "nav": "resources",
            "page_title": _("Ressources à relire"),
            "breadcrumb_data": _breadcrumb(_("Ressources à relire")),
            "resources": page,
            "page_obj": page,
            "page_query": query_without(request, "page"),
        },
    )


@login_required
@require_POST
def review(request, key):
    resource = _get_visible_or_404(request, key)
    require_can_review_resources(request.user)
    form = ReviewForm(request.POST, prefix="review")
    reviewed = write_from_form(
        form, lambda data: resource_review(actor=request.user, resource=resource, **data)
    )
    if reviewed is not None:
        if resource.is_published:
            messages.success(request, _("La ressource est publiée ; le proposant est prévenu."))
        else:
            messages.success(request, _("La ressource est refusée ; le proposant est prévenu."))
        return redirect("resources:review_queue")
    return _render_detail(request, resource, review_form=form, status=400)


@login_required
@require_POST
def link_project(request, key):
    resource = _get_visible_or_404(request, key)
    form = _link_form(request, resource, data=request.POST)
    if form.is_valid():
        try:
            resource_link_project(
                actor=request.user, resource=resource, project=form.cleaned_data["project"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Le projet est ajouté aux projets qui ont utilisé la ressource.")
            )
            return redirect(f"{resource.get_absolute_url()}#projects")
    return _render_detail(request, resource, link_form=form, status=400)


@login_required
@require_POST
def unlink_project(request, key, project_key):
    resource = _get_visible_or_404(request, key)
    project = next((p for p in resource.projects.all() if p.key == project_key), None)
    if project is None:
        raise Http404(_("Ce projet n'est pas rattaché à la ressource."))
    try:
        resource_unlink_project(actor=request.user, resource=resource, project=project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Le projet n'est plus rattaché à la ressource."))
    return redirect(f"{resource.get_absolute_url()}#projects")
