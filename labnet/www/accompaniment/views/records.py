"""What the team records in the workspace: activities, documents, next steps, notes and
the people of the project."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.projects import selectors
from labnet.projects.documents import document_delete, document_upload
from labnet.projects.journal import activity_delete, activity_log, activity_update
from labnet.projects.next_steps import next_step_complete, next_step_create
from labnet.projects.notes import note_add, note_delete
from labnet.projects.people import (
    project_person_add,
    project_person_remove,
)
from labnet.projects.rules import (
    can_edit_project_team,
)
from labnet.www.forms import add_service_errors

from ..forms import (
    ActivityForm,
    DocumentForm,
    NextStepForm,
    NoteForm,
    PersonForm,
)
from .common import done, project_child, render_workspace, workspace_breadcrumb, workspace_project


@login_required
@require_POST
def activity_add(request, key):
    project = workspace_project(request, key)
    form = ActivityForm(request.POST)
    if form.is_valid():
        try:
            activity_log(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return done(request, project, _("L'activité est ajoutée au journal."), "journal")
    return render_workspace(request, project, activity_form=form)


@login_required
def activity_edit(request, key, pk):
    project = workspace_project(request, key)
    activity = project_child(project, "activities", pk)
    initial = {name: getattr(activity, name) for name in ActivityForm.base_fields}
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity_update(actor=request.user, activity=activity, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return done(request, project, _("L'activité est modifiée."), "journal")
    return render(
        request,
        "www/accompaniment/activity_edit.html",
        {
            "page_title": _("Modifier l'activité"),
            "breadcrumb_data": workspace_breadcrumb(project, _("Modifier l'activité")),
            "project": project,
            "activity": activity,
            "form": form,
        },
    )


@login_required
@require_POST
def activity_remove(request, key, pk):
    project = workspace_project(request, key)
    activity_delete(actor=request.user, activity=project_child(project, "activities", pk))
    return done(request, project, _("L'activité est retirée du journal."), "journal")


@login_required
@require_POST
def document_add(request, key):
    project = workspace_project(request, key)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document_upload(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return done(request, project, _("Le document est déposé."), "documents")
    return render_workspace(request, project, document_form=form)


@login_required
def document_download(request, key, pk):
    """Documents are served only through this check, never from MEDIA_URL."""
    project = workspace_project(request, key)
    document = project_child(project, "documents", pk)
    extension = document.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{document.title}.{extension}",
        content_type=document.content_type,
    )
    # The stored type was detected from the bytes; the browser must not guess another.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def document_remove(request, key, pk):
    project = workspace_project(request, key)
    document_delete(actor=request.user, document=project_child(project, "documents", pk))
    return done(request, project, _("Le document est supprimé."), "documents")


@login_required
@require_POST
def next_step_add(request, key):
    project = workspace_project(request, key)
    form = NextStepForm(
        request.POST, memberships=selectors.project_team_memberships(project=project)
    )
    if form.is_valid():
        try:
            next_step_create(
                actor=request.user,
                project=project,
                title=form.cleaned_data["title"],
                owner=form.owner_user(),
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return done(request, project, _("La prochaine étape est ajoutée."), "next-steps")
    return render_workspace(request, project, next_step_form=form)


@login_required
@require_POST
def next_step_done(request, key, pk):
    project = workspace_project(request, key)
    try:
        next_step_complete(actor=request.user, next_step=project_child(project, "next_steps", pk))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("accompaniment:workspace", kwargs={"key": key}) + "#next-steps")
    return done(request, project, _("La prochaine étape est marquée comme faite."), "next-steps")


@login_required
@require_POST
def note_create(request, key):
    project = workspace_project(request, key)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            note_add(actor=request.user, project=project, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return done(request, project, _("La note est ajoutée."), "notes")
    return render_workspace(request, project, note_form=form)


@login_required
@require_POST
def note_remove(request, key, pk):
    project = workspace_project(request, key)
    note_delete(actor=request.user, note=project_child(project, "internal_notes", pk))
    return done(request, project, _("La note est supprimée."), "notes")


@login_required
@require_POST
def person_add(request, key):
    project = workspace_project(request, key)
    if not can_edit_project_team(request.user, project):
        raise PermissionDenied
    form = PersonForm(request.POST, organisations=project.organisations.all())
    if form.is_valid():
        try:
            project_person_add(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return done(request, project, _("La personne est ajoutée au projet."), "people")
    return render_workspace(request, project, person_form=form)


@login_required
@require_POST
def person_remove(request, key, pk):
    project = workspace_project(request, key)
    project_person_remove(actor=request.user, person=project_child(project, "people", pk))
    return done(request, project, _("La personne est retirée du projet."), "people")
