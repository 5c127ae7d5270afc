"""Pages of roadmaps: the list, a roadmap's page (axes, items, their projects, stages and
indicators, roll-ups, stated figures beside counted ones) and the edit pages of lab
leads and the coordinator. Views stay thin: selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from labnet.accounts.enums import LabRole
from labnet.accounts.rules import is_coordinator
from labnet.core.refusals import require
from labnet.labs.models import Lab
from labnet.roadmaps.models import Axis, Group, Item, Roadmap
from labnet.roadmaps.rules import can_edit_roadmap
from labnet.roadmaps.selectors import (
    roadmap_axes_and_groups,
    roadmap_get,
)
from labnet.roadmaps.selectors import (
    roadmap_detail as roadmap_detail_read,
)
from labnet.roadmaps.selectors import (
    roadmap_list as roadmap_list_read,
)
from labnet.roadmaps.services import (
    axis_save,
    group_create,
    item_save,
    roadmap_update,
)
from labnet.roadmaps.services import (
    roadmap_create as roadmap_create_write,
)
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.forms import write_from_form
from labnet.www.page_cache import CATALOGUE, public_page

from .forms import AxisForm, GroupForm, ItemForm, RoadmapForm

LIST_URL = "roadmaps:list"


def _crumbs(current, *links):
    return breadcrumb(current, (reverse(LIST_URL), _("Feuilles de route")), *links)


EDIT_REFUSED = _lazy(
    "Seuls les responsables du laboratoire porteur et la coordination nationale "
    "modifient cette feuille de route."
)


@public_page(*CATALOGUE, "roadmaps")
def roadmap_list(request):
    roadmaps = list(roadmap_list_read())
    user = request.user
    can_create = is_coordinator(user) or (
        user.is_authenticated and user.memberships.filter(role=LabRole.LEAD).exists()
    )
    return render(
        request,
        "www/roadmaps/list.html",
        {
            "nav": "roadmaps",
            "page_title": _("Feuilles de route"),
            "breadcrumb_data": {"current": _("Feuilles de route")},
            "roadmaps": roadmaps,
            "can_create": can_create,
        },
    )


@public_page(*CATALOGUE, "roadmaps", "impact")
def roadmap_detail(request, key):
    try:
        view = roadmap_detail_read(key=key, user=request.user)
    except Roadmap.DoesNotExist as exc:
        raise Http404(_("Cette feuille de route n'existe pas.")) from exc
    return render(
        request,
        "www/roadmaps/detail.html",
        {
            "nav": "roadmaps",
            "page_title": view.roadmap.title,
            "breadcrumb_data": _crumbs(view.roadmap.title),
            "view": view,
            "roadmap": view.roadmap,
            "can_edit": can_edit_roadmap(request.user, view.roadmap),
        },
    )


def editable_roadmap(request, key) -> Roadmap:
    try:
        roadmap = roadmap_get(key=key)
    except Roadmap.DoesNotExist as exc:
        raise Http404(_("Cette feuille de route n'existe pas.")) from exc
    require(can_edit_roadmap(request.user, roadmap), EDIT_REFUSED)
    return roadmap


def _labs_for(user):
    if is_coordinator(user):
        return Lab.objects.order_by("name")
    return Lab.objects.filter(memberships__user=user, memberships__role=LabRole.LEAD).order_by(
        "name"
    )


def _edit_page(request, *, title, form, roadmap=None, cancel_url, status=200, extra=None):
    links = [(roadmap.get_absolute_url(), roadmap.title)] if roadmap else []
    return render(
        request,
        "www/roadmaps/edit.html",
        {
            "nav": "roadmaps",
            "page_title": title,
            "breadcrumb_data": _crumbs(title, *links),
            "form": form,
            "roadmap": roadmap,
            "cancel_url": cancel_url,
            **(extra or {}),
        },
        status=status,
    )


ROADMAP_FIELDS = (
    "title",
    "lab",
    "region",
    "period_start",
    "period_end",
    "stated_project_count",
    "stated_axis_count",
    "description",
)


@login_required
def roadmap_create(request):
    labs = _labs_for(request.user)
    require(is_coordinator(request.user) or labs.exists(), EDIT_REFUSED)
    status = 200
    if request.method == "POST":
        form = RoadmapForm(request.POST, labs=labs)
        roadmap = write_from_form(
            form, lambda data: roadmap_create_write(actor=request.user, **data)
        )
        if roadmap is not None:
            messages.success(request, _("La feuille de route est créée."))
            return redirect(reverse("roadmaps:edit", kwargs={"key": roadmap.key}))
        status = 400
    else:
        form = RoadmapForm(labs=labs)
    return _edit_page(
        request,
        title=_("Nouvelle feuille de route"),
        form=form,
        cancel_url=reverse(LIST_URL),
        status=status,
    )


@login_required
def roadmap_edit(request, key):
    roadmap = editable_roadmap(request, key)
    labs = _labs_for(request.user)
    if roadmap.lab_id:
        labs = labs | Lab.objects.filter(pk=roadmap.lab_id)
    status = 200
    if request.method == "POST":
        form = RoadmapForm(request.POST, labs=labs.distinct())
        saved = write_from_form(
            form, lambda data: roadmap_update(actor=request.user, roadmap=roadmap, **data)
        )
        if saved is not None:
            messages.success(request, _("La feuille de route est modifiée."))
            return redirect(reverse("roadmaps:edit", kwargs={"key": key}))
        status = 400
    else:
        form = RoadmapForm(
            labs=labs.distinct(), initial={name: getattr(roadmap, name) for name in ROADMAP_FIELDS}
        )
    return _edit_page(
        request,
        title=_("Modifier la feuille de route"),
        form=form,
        roadmap=roadmap,
        cancel_url=roadmap.get_absolute_url(),
        status=status,
        extra={"axes": roadmap_axes_and_groups(roadmap=roadmap), "show_structure": True},
    )


def _axis(roadmap, axis_key) -> Axis:
    try:
        return Axis.objects.get(roadmap=roadmap, key=axis_key)
    except Axis.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def axis_edit(request, key, axis_key=None):
    roadmap = editable_roadmap(request, key)
    axis = _axis(roadmap, axis_key) if axis_key else None
    status = 200
    if request.method == "POST":
        form = AxisForm(request.POST)
        saved = write_from_form(
            form,
            lambda data: axis_save(actor=request.user, roadmap=roadmap, axis=axis, **data),
        )
        if saved is not None:
            messages.success(request, _("L'axe est enregistré."))
            return redirect(reverse("roadmaps:edit", kwargs={"key": key}))
        status = 400
    else:
        form = AxisForm(initial={"title": axis.title, "position": axis.position} if axis else {})
    return _edit_page(
        request,
        title=_("Modifier l'axe") if axis else _("Nouvel axe"),
        form=form,
        roadmap=roadmap,
        cancel_url=reverse("roadmaps:edit", kwargs={"key": key}),
        status=status,
    )


@login_required
def group_add(request, key, axis_key):
    roadmap = editable_roadmap(request, key)
    axis = _axis(roadmap, axis_key)
    axis.roadmap = roadmap
    status = 200
    if request.method == "POST":
        form = GroupForm(request.POST)
        group = write_from_form(
            form, lambda data: group_create(actor=request.user, axis=axis, title=data["title"])
        )
        if group is not None:
            messages.success(request, _("Le groupe est ajouté."))
            return redirect(reverse("roadmaps:edit", kwargs={"key": key}))
        status = 400
    else:
        form = GroupForm()
    return _edit_page(
        request,
        title=_("Nouveau groupe : %(axis)s") % {"axis": axis.title},
        form=form,
        roadmap=roadmap,
        cancel_url=reverse("roadmaps:edit", kwargs={"key": key}),
        status=status,
    )


@login_required
def item_edit(request, key, item_key=None):
    roadmap = editable_roadmap(request, key)
    groups = Group.objects.filter(axis__roadmap=roadmap).select_related("axis__roadmap")
    groups = groups.order_by("axis__position", "position", "pk")
    item = None
    if item_key:
        try:
            item = Item.objects.select_related("project", "group__axis__roadmap").get(
                key=item_key, group__axis__roadmap=roadmap
            )
        except Item.DoesNotExist as exc:
            raise Http404 from exc
    status = 200
    if request.method == "POST":
        form = ItemForm(request.POST, groups=groups)

        def save(cleaned):
            data = dict(cleaned)
            group = data.pop("group")
            return item_save(
                actor=request.user,
                group=item.group if item else group,
                item=item,
                move_to=group if item else None,
                **data,
            )

        if write_from_form(form, save) is not None:
            messages.success(request, _("L'élément est enregistré."))
            return redirect(reverse("roadmaps:edit", kwargs={"key": key}))
        status = 400
    else:
        initial = {"group": request.GET.get("groupe")}
        if item:
            initial = {
                "title": item.title,
                "description": item.description,
                "group": item.group_id,
                "project_key": item.project.key if item.project else "",
            }
        form = ItemForm(groups=groups, initial=initial)
    if not groups.exists():
        messages.info(request, _("Ajoutez d'abord un axe et un groupe à la feuille de route."))
    return _edit_page(
        request,
        title=_("Modifier l'élément") if item else _("Nouvel élément"),
        form=form,
        roadmap=roadmap,
        cancel_url=reverse("roadmaps:edit", kwargs={"key": key}),
        status=status,
    )
