"""Deleting a roadmap, an axis, a group or an item: a confirmation page on GET (works
without JavaScript, says what goes with it), the deletion on POST through the roadmap
services, which check who may (the roadmap's lab leads and the coordinator) and audit it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from labnet.roadmaps.models import Axis, Group, Item
from labnet.roadmaps.services import axis_delete, group_delete, item_delete, roadmap_delete
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.confirm import confirmation_page

from .views import LIST_URL, editable_roadmap


def _items_sentence(count: int) -> str:
    return ngettext(
        "%(n)d élément est supprimé avec lui.",
        "%(n)d éléments sont supprimés avec lui.",
        count,
    ) % {"n": count}


def _ask_or_do(request, *, roadmap, title, explanation, delete, done, back):
    if request.method == "POST":
        delete()
        messages.success(request, done)
        return redirect(back)
    return confirmation_page(
        request,
        title=title,
        explanation=explanation,
        confirm_label=_("Supprimer définitivement"),
        cancel_url=reverse("roadmaps:edit", kwargs={"key": roadmap.key}),
        breadcrumb_data=breadcrumb(
            title,
            (reverse(LIST_URL), _("Feuilles de route")),
            (roadmap.get_absolute_url(), roadmap.title),
        ),
    )


# Lazy: a module-level sentence must be translated in the reader's language, not at import.
KEEP_PROJECTS = gettext_lazy("Les projets liés à ses éléments ne sont pas touchés.")


@login_required
def roadmap_delete_view(request, key):
    roadmap = editable_roadmap(request, key)
    items = Item.objects.filter(group__axis__roadmap=roadmap).count()
    axes = roadmap.axes.count()
    explanation = ngettext(
        "La feuille de route « %(title)s », son axe et ses groupes seront supprimés.",
        "La feuille de route « %(title)s », ses %(axes)d axes et leurs groupes seront supprimés.",
        axes,
    ) % {"title": roadmap.title, "axes": axes}
    return _ask_or_do(
        request,
        roadmap=roadmap,
        title=_("Supprimer la feuille de route"),
        explanation=f"{explanation} {_items_sentence(items)} {KEEP_PROJECTS}",
        delete=lambda: roadmap_delete(actor=request.user, roadmap=roadmap),
        done=_("La feuille de route est supprimée."),
        back=reverse(LIST_URL),
    )


@login_required
def axis_delete_view(request, key, axis_key):
    roadmap = editable_roadmap(request, key)
    axis = Axis.objects.filter(roadmap=roadmap, key=axis_key).first()
    if axis is None:
        raise Http404
    axis.roadmap = roadmap
    items = Item.objects.filter(group__axis=axis).count()
    groups = axis.groups.count()
    explanation = ngettext(
        "L'axe « %(title)s » et son groupe seront supprimés.",
        "L'axe « %(title)s » et ses %(groups)d groupes seront supprimés.",
        groups,
    ) % {"title": axis.title, "groups": groups}
    return _ask_or_do(
        request,
        roadmap=roadmap,
        title=_("Supprimer l'axe"),
        explanation=f"{explanation} {_items_sentence(items)} {KEEP_PROJECTS}",
        delete=lambda: axis_delete(actor=request.user, axis=axis),
        done=_("L'axe est supprimé."),
        back=reverse("roadmaps:edit", kwargs={"key": key}),
    )


@login_required
def group_delete_view(request, key, group_id):
    roadmap = editable_roadmap(request, key)
    group = Group.objects.filter(axis__roadmap=roadmap, pk=group_id).select_related("axis").first()
    if group is None:
        raise Http404
    group.axis.roadmap = roadmap
    explanation = _("Le groupe « %(title)s » de l'axe « %(axis)s » sera supprimé.") % {
        "title": group.title or _("(groupe sans intitulé)"),
        "axis": group.axis.title,
    }
    return _ask_or_do(
        request,
        roadmap=roadmap,
        title=_("Supprimer le groupe"),
        explanation=f"{explanation} {_items_sentence(group.items.count())} {KEEP_PROJECTS}",
        delete=lambda: group_delete(actor=request.user, group=group),
        done=_("Le groupe est supprimé."),
        back=reverse("roadmaps:edit", kwargs={"key": key}),
    )


@login_required
def item_delete_view(request, key, item_key):
    roadmap = editable_roadmap(request, key)
    item = (
        Item.objects.filter(group__axis__roadmap=roadmap, key=item_key)
        .select_related("group__axis", "project")
        .first()
    )
    if item is None:
        raise Http404
    item.group.axis.roadmap = roadmap
    explanation = _("L'élément « %(title)s » sera supprimé de la feuille de route.") % {
        "title": item.title
    }
    if item.project:
        explanation += " " + _("Le projet « %(project)s » auquel il est lié reste.") % {
            "project": item.project.title
        }
    return _ask_or_do(
        request,
        roadmap=roadmap,
        title=_("Supprimer l'élément"),
        explanation=explanation,
        delete=lambda: item_delete(actor=request.user, item=item),
        done=_("L'élément est supprimé."),
        back=reverse("roadmaps:edit", kwargs={"key": key}),
    )
