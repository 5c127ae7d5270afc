"""What the workspace's pages share: the project lookup, the workspace page (every form
re-renders it with its errors), the redirect after a change."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.people.suggestions import suggested_people_for_project
from labnet.projects import selectors
from labnet.projects.enums import Stage
from labnet.projects.lineage import lineage_tree
from labnet.projects.models import Project
from labnet.projects.notes import note_actions_available
from labnet.projects.pipeline import moves_available
from labnet.projects.rules import (
    can_edit_project_team,
    can_log_activity,
    can_move_project,
    can_publish_project,
)
from labnet.search.selectors import similar_to_project

from ..forms import (
    ActivityForm,
    DocumentForm,
    MoveForm,
    NextStepForm,
    NoteForm,
    PersonForm,
)


def workspace_project(request, key) -> Project:
    try:
        return selectors.project_get_workspace(user=request.user, key=key)
    except Project.DoesNotExist as exc:
        raise Http404(_("Ce projet n'existe pas ou n'est pas publié.")) from exc


def render_workspace(request, project, *, status=200, **bound):
    user = request.user
    memberships = selectors.project_team_memberships(project=project)
    moves = moves_available(user=user, project=project)
    today = timezone.localdate()
    next_steps = list(project.next_steps.all())
    for step in next_steps:
        step.is_overdue = step.done_at is None and step.due_on < today
    activities = list(project.activities.all())
    context = {
        "page_title": project.title,
        "breadcrumb_data": {
            "links": (
                [{"url": project.lead_lab.get_absolute_url(), "title": project.lead_lab.name}]
                if project.lead_lab
                else []
            ),
            "current": _("Espace de travail"),
        },
        "project": project,
        "stage_index": Stage.values.index(project.stage) + 1 if project.stage else 0,
        "stage_count": len(Stage.values),
        "next_stage": next_stage_label(project.stage),
        "can_move": can_move_project(user, project),
        "can_log": can_log_activity(user, project),
        "can_publish": can_publish_project(user, project),
        "can_edit_team": can_edit_project_team(user, project),
        "move_form": bound.get("move_form") or MoveForm(moves=moves),
        "moves": moves,
        "transitions": list(project.transitions.all()),
        "activity_form": bound.get("activity_form") or ActivityForm(initial={"happened_on": today}),
        "activities": activities,
        "participants": {
            "agents": sum(a.agents_count for a in activities),
            "users": sum(a.users_count for a in activities),
            "partners": sum(a.partners_count for a in activities),
        },
        "document_form": bound.get("document_form") or DocumentForm(),
        "documents": list(project.documents.all()),
        "next_step_form": bound.get("next_step_form") or NextStepForm(memberships=memberships),
        "next_steps": next_steps,
        "note_form": bound.get("note_form") or NoteForm(),
        "notes": [
            (note, note_actions_available(user=user, obj=note))
            for note in project.internal_notes.all()
        ],
        "person_form": bound.get("person_form")
        or PersonForm(organisations=project.organisations.all()),
        "people": list(project.people.all()),
        "lineage": lineage_tree(project=project, user=user),
        "similar": list(similar_to_project(project=project, user=user, limit=5)),
        # People of the directory with the skills the project calls for (labnet.people).
        "suggested_people": suggested_people_for_project(project, user),
    }
    return render(request, "www/accompaniment/workspace.html", context, status=status)


def next_stage_label(stage):
    values = Stage.values
    if stage in values and values.index(stage) + 1 < len(values):
        return Stage(values[values.index(stage) + 1]).label
    return ""


def done(request, project, message, anchor=""):
    messages.success(request, message)
    url = reverse("accompaniment:workspace", kwargs={"key": project.key})
    return redirect(f"{url}#{anchor}" if anchor else url)


def project_child(project, related_name, pk):
    # Read from the workspace's prefetch: an id of another project's row is a 404 here.
    for row in getattr(project, related_name).all():
        if row.pk == pk:
            return row
    raise Http404


def workspace_breadcrumb(project, current):
    return {
        "links": [
            {
                "url": reverse("accompaniment:workspace", kwargs={"key": project.key}),
                "title": project.title,
            }
        ],
        "current": current,
    }
