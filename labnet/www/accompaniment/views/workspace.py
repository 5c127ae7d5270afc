"""The workspace's summary, the stage and its decisions, the sheet, its publication (preview
and confirmation), partners, and the scaling-up page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from labnet.projects.people import (
    project_partners_set,
)
from labnet.projects.pipeline import moves_available, project_move
from labnet.projects.publication import (
    project_publish,
    project_sheet_update,
    project_unpublish,
    sheet_publication_problems,
)
from labnet.projects.rules import (
    require_can_edit_project_team,
    require_can_move_project,
    require_can_publish_project,
)
from labnet.www.forms import write_from_form

from ..forms import (
    MoveForm,
    PartnersForm,
    SheetForm,
)
from .common import (
    done,
    render_workspace,
    workspace_breadcrumb,
    workspace_project,
)


@login_required
def workspace(request, key):
    return render_workspace(request, workspace_project(request, key))


@login_required
def sheet(request, key):
    return render_workspace(request, workspace_project(request, key), section="sheet")


@login_required
def scaling(request, key):
    return render_workspace(request, workspace_project(request, key), section="scaling")


@login_required
def move(request, key):
    project = workspace_project(request, key)
    if request.method != "POST":
        return render_workspace(request, project, section="stage")
    # The form offers only the moves the domain allows: refuse first, with the rule's reason.
    require_can_move_project(request.user, project)
    form = MoveForm(request.POST, moves=moves_available(user=request.user, project=project))
    transition = write_from_form(
        form,
        lambda data: project_move(
            actor=request.user, project=project, reason=data["reason"], **form.target()
        ),
        field_names={"to_stage": "move", "to_status": "move"},
    )
    if transition is not None:
        return done(request, project, _("Le passage est enregistré."), "stage")
    return render_workspace(request, project, section="stage", status=400, move_form=form)


@login_required
def partners_edit(request, key):
    project = workspace_project(request, key)
    require_can_edit_project_team(request.user, project)
    initial = {
        "partner_labs": list(project.partner_labs.all()),
        "organisations": list(project.organisations.all()),
    }
    form = PartnersForm(request.POST or None, initial=initial, project=project)
    saved = write_from_form(
        form, lambda data: project_partners_set(actor=request.user, project=project, **data)
    )
    if saved is not None:
        return done(request, project, _("Les partenaires du projet sont enregistrés."), "people")
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
    require_can_publish_project(request.user, project)
    initial = {name: getattr(project, name) for name in SheetForm.base_fields}
    form = SheetForm(request.POST or None, initial=initial)
    saved = write_from_form(
        form, lambda data: project_sheet_update(actor=request.user, project=project, **data)
    )
    if saved is not None:
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
def publication(request, key):
    """Publishing goes through this page: the sheet as the public will see it, what the
    network's form still requires, and a confirmation (taking it off the site too)."""
    project = workspace_project(request, key)
    require_can_publish_project(request.user, project)
    errors = []
    status = 200
    if request.method == "POST":
        publish = request.POST.get("action") == "publish"
        service = project_publish if publish else project_unpublish
        try:
            service(actor=request.user, project=project)
        except ValidationError as error:
            errors = error.messages
            status = 400
        else:
            if publish:
                return done(
                    request,
                    project,
                    _("La fiche est publiée : tout le monde peut la lire."),
                    "sheet",
                )
            return done(request, project, _("La fiche n'est plus publiée."), "sheet")
    problems = {} if project.is_public else sheet_publication_problems(project)
    labels = {"objective": _("Objectif"), "approach": _("Démarche"), "results": _("Résultats")}
    return render(
        request,
        "www/accompaniment/publication.html",
        {
            "page_title": (
                _("Retirer la fiche du site public") if project.is_public else _("Publier la fiche")
            ),
            "breadcrumb_data": workspace_breadcrumb(
                project,
                _("Retirer la fiche") if project.is_public else _("Aperçu avant publication"),
            ),
            "project": project,
            "problems": [(labels[field], message) for field, message in problems.items()],
            "errors": errors,
        },
        status=status,
    )
