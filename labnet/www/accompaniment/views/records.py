"""What the team records in the workspace, each on its task's page: activities, documents,
next steps, notes, people; deletions are confirmed first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.projects import selectors
from labnet.projects.documents import document_delete, document_upload
from labnet.projects.journal import activity_delete, activity_log, activity_update
from labnet.projects.next_steps import next_step_complete, next_step_create
from labnet.projects.notes import (
    note_add,
    note_delete,
    require_can_delete_note,
)
from labnet.projects.people import (
    project_person_add,
    project_person_remove,
)
from labnet.projects.rules import (
    require_can_edit_project_team,
)
from labnet.www.forms import write_from_form

from ..forms import (
    ActivityForm,
    DocumentForm,
    NextStepForm,
    NoteForm,
    PersonForm,
)
from .common import (
    confirm,
    done,
    project_child,
    render_workspace,
    section_url,
    workspace_breadcrumb,
    workspace_project,
)


@login_required
def activity_add(request, key):
    project = workspace_project(request, key)
    if request.method != "POST":
        return render_workspace(request, project, section="journal")
    form = ActivityForm(request.POST)
    activity = write_from_form(
        form, lambda data: activity_log(actor=request.user, project=project, **data)
    )
    if activity is not None:
        return done(request, project, _("L'activité est ajoutée au journal."), "journal")
    return render_workspace(request, project, section="journal", status=400, activity_form=form)


@login_required
def activity_edit(request, key, pk):
    project = workspace_project(request, key)
    activity = project_child(project, "activities", pk)
    initial = {name: getattr(activity, name) for name in ActivityForm.base_fields}
    form = ActivityForm(request.POST or None, initial=initial)
    saved = write_from_form(
        form, lambda data: activity_update(actor=request.user, activity=activity, data=data)
    )
    if saved is not None:
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
def activity_remove(request, key, pk):
    project = workspace_project(request, key)
    activity = project_child(project, "activities", pk)
    if request.method != "POST":
        return confirm(
            request,
            project,
            "journal",
            title=_("Supprimer l'activité « %(title)s » ?") % {"title": activity.title},
            explanation=_(
                "L'activité et ses participations sortent du journal du projet. Cette "
                "suppression est définitive."
            ),
            confirm_label=_("Supprimer l'activité"),
        )
    activity_delete(actor=request.user, activity=activity)
    return done(request, project, _("L'activité est retirée du journal."), "journal")


@login_required
def document_add(request, key):
    project = workspace_project(request, key)
    if request.method != "POST":
        return render_workspace(request, project, section="documents")
    form = DocumentForm(request.POST, request.FILES)
    document = write_from_form(
        form, lambda data: document_upload(actor=request.user, project=project, **data)
    )
    if document is not None:
        return done(request, project, _("Le document est déposé."), "documents")
    return render_workspace(request, project, section="documents", status=400, document_form=form)


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
def document_remove(request, key, pk):
    project = workspace_project(request, key)
    document = project_child(project, "documents", pk)
    if request.method != "POST":
        return confirm(
            request,
            project,
            "documents",
            title=_("Supprimer le document « %(title)s » ?") % {"title": document.title},
            explanation=_(
                "Le fichier est effacé : plus personne ne pourra le télécharger. Cette "
                "suppression est définitive."
            ),
            confirm_label=_("Supprimer le document"),
        )
    document_delete(actor=request.user, document=document)
    return done(request, project, _("Le document est supprimé."), "documents")


@login_required
def next_step_add(request, key):
    project = workspace_project(request, key)
    if request.method != "POST":
        return render_workspace(request, project, section="next_steps")
    form = NextStepForm(
        request.POST, memberships=selectors.project_team_memberships(project=project)
    )
    next_step = write_from_form(
        form,
        lambda data: next_step_create(
            actor=request.user,
            project=project,
            title=data["title"],
            owner=form.owner_user(),
            due_on=data["due_on"],
        ),
    )
    if next_step is not None:
        return done(request, project, _("La prochaine étape est ajoutée."), "next_steps")
    return render_workspace(request, project, section="next_steps", status=400, next_step_form=form)


@login_required
@require_POST
def next_step_done(request, key, pk):
    project = workspace_project(request, key)
    try:
        next_step_complete(actor=request.user, next_step=project_child(project, "next_steps", pk))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(section_url(project, "next_steps"))
    return done(request, project, _("La prochaine étape est marquée comme faite."), "next_steps")


@login_required
def note_create(request, key):
    project = workspace_project(request, key)
    if request.method != "POST":
        return render_workspace(request, project, section="notes")
    form = NoteForm(request.POST)
    note = write_from_form(
        form, lambda data: note_add(actor=request.user, project=project, body=data["body"])
    )
    if note is not None:
        return done(request, project, _("La note est ajoutée."), "notes")
    return render_workspace(request, project, section="notes", status=400, note_form=form)


@login_required
def note_remove(request, key, pk):
    project = workspace_project(request, key)
    note = project_child(project, "internal_notes", pk)
    require_can_delete_note(request.user, note)
    if request.method != "POST":
        return confirm(
            request,
            project,
            "notes",
            title=_("Supprimer cette note ?"),
            explanation=_(
                "La note est effacée pour toutes les équipes du projet : c'est définitif."
            ),
            confirm_label=_("Supprimer la note"),
        )
    note_delete(actor=request.user, note=note)
    return done(request, project, _("La note est supprimée."), "notes")


@login_required
def person_add(request, key):
    project = workspace_project(request, key)
    if request.method != "POST":
        return render_workspace(request, project, section="people")
    form = PersonForm(request.POST, organisations=project.organisations.all())
    person = write_from_form(
        form, lambda data: project_person_add(actor=request.user, project=project, **data)
    )
    if person is not None:
        return done(request, project, _("La personne est ajoutée au projet."), "people")
    return render_workspace(request, project, section="people", status=400, person_form=form)


@login_required
def person_remove(request, key, pk):
    project = workspace_project(request, key)
    person = project_child(project, "people", pk)
    require_can_edit_project_team(request.user, project)
    if request.method != "POST":
        return confirm(
            request,
            project,
            "people",
            title=_("Retirer %(name)s du projet ?")
            % {"name": person.user.full_name if person.user_id else person.name},
            explanation=_(
                "La personne n'apparaît plus parmi celles du projet ; vous pourrez l'ajouter "
                "à nouveau."
            ),
            confirm_label=_("Retirer la personne"),
        )
    project_person_remove(actor=request.user, person=person)
    return done(request, project, _("La personne est retirée du projet."), "people")
