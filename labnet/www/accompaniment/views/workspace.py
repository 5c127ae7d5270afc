"""The project's workspace: the page, moving along the pipeline, the public sheet,
partners and publication."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.projects.people import (
    project_partners_set,
)
from labnet.projects.pipeline import moves_available, project_move
from labnet.projects.publication import project_publish, project_sheet_update, project_unpublish
from labnet.projects.rules import (
    can_edit_project_team,
    can_move_project,
    can_publish_project,
)
from labnet.www.forms import add_service_errors

from ..forms import (
    MoveForm,
    PartnersForm,
    SheetForm,
)
from .common import done, render_workspace, workspace_breadcrumb, workspace_project


@login_required
def workspace(request, key):
    return render_workspace(request, workspace_project(request, key))


@login_required
@require_POST
def move(request, key):
    project = workspace_project(request, key)
    if not can_move_project(request.user, project):
        raise PermissionDenied
    form = MoveForm(request.POST, moves=moves_available(user=request.user, project=project))
    if form.is_valid():
        try:
            project_move(
                actor=request.user,
                project=project,
                reason=form.cleaned_data["reason"],
                **form.target(),
            )
        except ValidationError as error:
            add_service_errors(form, error, {"to_stage": "move", "to_status": "move"})
        else:
            return done(request, project, _("Le passage est enregistré."), "stage")
    return render_workspace(request, project, move_form=form)


@login_required
def partners_edit(request, key):
    project = workspace_project(request, key)
    if not can_edit_project_team(request.user, project):
        raise PermissionDenied
    initial = {
        "partner_labs": list(project.partner_labs.all()),
        "organisations": list(project.organisations.all()),
    }
    form = PartnersForm(request.POST or None, initial=initial, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            project_partners_set(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return done(
                request, project, _("Les partenaires du projet sont enregistrés."), "people"
            )
    return render(
        request,
        "www/accompaniment/partners_edit.html",
        {
            "page_title": _("Partenaires du projet"),
            "breadcrumb_data": workspace_breadcrumb(project, _("Partenaires")),
            "project": project,
            "form": form,
        },
    )


@login_required
def sheet_edit(request, key):
    project = workspace_project(request, key)
    if not can_publish_project(request.user, project):
        raise PermissionDenied
    initial = {name: getattr(project, name) for name in SheetForm.base_fields}
    form = SheetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            project_sheet_update(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return done(request, project, _("La fiche du projet est enregistrée."), "sheet")
    return render(
        request,
        "www/accompaniment/sheet_edit.html",
        {
            "page_title": _("Fiche du projet"),
            "breadcrumb_data": workspace_breadcrumb(project, _("Fiche du projet")),
            "project": project,
            "form": form,
        },
    )


@login_required
@require_POST
def publication(request, key):
    project = workspace_project(request, key)
    publish = request.POST.get("action") == "publish"
    service = project_publish if publish else project_unpublish
    try:
        service(actor=request.user, project=project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("accompaniment:workspace", kwargs={"key": key}) + "#sheet")
    if publish:
        return done(
            request, project, _("La fiche est publiée : tout le monde peut la lire."), "sheet"
        )
    return done(request, project, _("La fiche n'est plus publiée."), "sheet")
