"""What the workspace's pages share: the project lookup, the summary and the page of each task
(every form re-renders its task's page with its errors), confirmations, the redirect after
a change (docs/adr/0032-polish-workspace.md)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from labnet.people.suggestions import suggested_people_for_project
from labnet.projects import selectors
from labnet.projects.enums import Stage
from labnet.projects.lineage import lineage_tree
from labnet.projects.models import Project
from labnet.projects.notes import (
    note_actions_available,
)
from labnet.projects.pipeline import moves_available
from labnet.projects.rules import (
    can_edit_project_team,
    can_log_activity,
    can_move_project,
    can_publish_project,
)
from labnet.search.selectors import similar_to_project
from labnet.www.confirm import confirmation_page

from ..forms import (
    ActivityForm,
    DocumentForm,
    MoveForm,
    NextStepForm,
    NoteForm,
    PersonForm,
)

# The workspace is a summary and one short page per task (docs/adr/0032-polish-workspace.md):
# (section, URL name, title). Each task's page is also where its form posts, so a failed
# submit comes back on the same short page with the error summary in focus.
SECTIONS = (
    ("stage", "move", _lazy("Étape et décisions")),
    ("sheet", "sheet", _lazy("Fiche publique")),
    ("journal", "activity_add", _lazy("Journal des activités")),
    ("documents", "document_add", _lazy("Documents")),
    ("next_steps", "next_step_add", _lazy("Prochaines étapes")),
    ("notes", "note_add", _lazy("Notes internes")),
    ("people", "person_add", _lazy("Partenaires et personnes")),
    ("scaling", "scaling", _lazy("Passage à l'échelle")),
)


SECTION_URL_NAMES = {section: url_name for section, url_name, _title in SECTIONS}


FORM_OPEN = "formulaire"  # ?formulaire=1 opens the task's form without JavaScript


def section_url(project, section: str) -> str:
    if section == "summary":
        return reverse("accompaniment:workspace", kwargs={"key": project.key})
    return reverse(f"accompaniment:{SECTION_URL_NAMES[section]}", kwargs={"key": project.key})


def _section_context(request, project, section, bound):
    """What one task's page needs, and nothing more (each page costs its own queries)."""
    user = request.user
    today = timezone.localdate()
    if section == "summary":
        next_steps = [s for s in project.next_steps.all() if s.done_at is None]
        return {
            "open_next_steps": next_steps[:3],
            "open_next_step_count": len(next_steps),
            "overdue_count": sum(1 for s in next_steps if s.due_on < today),
            "activity_count": project.activities.count(),
            "document_count": len(project.documents.all()),
            "note_count": len(project.internal_notes.all()),
            "person_count": len(project.people.all()),
            "last_transition": next(iter(project.transitions.all()), None),
            "today": today,
        }
    if section == "stage":
        moves = moves_available(user=user, project=project)
        return {
            "move_form": bound.get("move_form") or MoveForm(moves=moves),
            "moves": moves,
            "transitions": list(project.transitions.all()),
        }
    if section == "sheet":
        return {}
    if section == "journal":
        journal = selectors.project_journal(project=project, page_number=request.GET.get("page"))
        return {
            "activity_form": bound.get("activity_form")
            or ActivityForm(initial={"happened_on": today}),
            "activities": journal.page,
            "page_obj": journal.page,
            "activity_total": journal.total,
            "participants": {
                "agents": journal.agents,
                "users": journal.users,
                "partners": journal.partners,
            },
        }
    if section == "documents":
        return {
            "document_form": bound.get("document_form") or DocumentForm(),
            "documents": list(project.documents.all()),
        }
    if section == "next_steps":
        next_steps = list(project.next_steps.all())
        for step in next_steps:
            step.is_overdue = step.done_at is None and step.due_on < today
        return {
            "next_step_form": bound.get("next_step_form")
            or NextStepForm(memberships=selectors.project_team_memberships(project=project)),
            "next_steps": next_steps,
        }
    if section == "notes":
        notes = list(project.internal_notes.all())
        for note in notes:
            note.may_delete = note_actions_available(user=user, obj=note).can_delete
        return {"note_form": bound.get("note_form") or NoteForm(), "notes": notes}
    if section == "people":
        return {
            "person_form": bound.get("person_form")
            or PersonForm(organisations=project.organisations.all()),
            "people": list(project.people.all()),
            # People of the directory with the skills the project calls for (labnet.people).
            "suggested_people": suggested_people_for_project(project, user),
        }
    if section == "scaling":
        return {
            "lineage": lineage_tree(project=project, user=user),
            "similar": list(similar_to_project(project=project, user=user, limit=5)),
        }
    raise Http404


def render_workspace(request, project, *, section="summary", status=200, **bound):
    user = request.user
    titles = {name: title for name, _url, title in SECTIONS}
    title = titles.get(section)
    context = {
        "page_title": f"{title} — {project.title}" if title else project.title,
        "breadcrumb_data": {
            "links": (
                [{"url": project.lead_lab.get_absolute_url(), "title": project.lead_lab.name}]
                if project.lead_lab
                else []
            )
            + (
                [{"url": section_url(project, "summary"), "title": _("Espace de travail")}]
                if title
                else []
            ),
            "current": title or _("Espace de travail"),
        },
        "project": project,
        "section": section,
        "section_title": title,
        "menu": [
            {"name": "summary", "title": _("Synthèse"), "url": section_url(project, "summary")}
        ]
        + [
            {"name": name, "title": t, "url": section_url(project, name)}
            for name, _url, t in SECTIONS
        ]
        # The impact indicators have their own pages (labnet.www.impact).
        + [
            {
                "name": "indicators",
                "title": _("Indicateurs d'impact"),
                "url": reverse("impact:project_indicators", kwargs={"key": project.key}),
            }
        ],
        "form_open": bool(request.GET.get(FORM_OPEN)) or any(f.errors for f in bound.values()),
        "stage_index": Stage.values.index(project.stage) + 1 if project.stage else 0,
        "stage_count": len(Stage.values),
        "next_stage": next_stage_label(project.stage),
        "can_move": can_move_project(user, project),
        "can_log": can_log_activity(user, project),
        "can_publish": can_publish_project(user, project),
        "can_edit_team": can_edit_project_team(user, project),
        **_section_context(request, project, section, bound),
    }
    return render(request, "www/accompaniment/workspace.html", context, status=status)


def workspace_project(request, key) -> Project:
    try:
        return selectors.project_get_workspace(user=request.user, key=key)
    except Project.DoesNotExist as exc:
        raise Http404(_("Ce projet n'existe pas ou n'est pas publié.")) from exc


def next_stage_label(stage):
    values = Stage.values
    if stage in values and values.index(stage) + 1 < len(values):
        return Stage(values[values.index(stage) + 1]).label
    return ""


def confirm(request, project, section, **texts):
    """The confirmation page of a deletion, with the way back to the task's page."""
    titles = {name: title for name, _url, title in SECTIONS}
    return confirmation_page(
        request,
        cancel_url=section_url(project, section),
        breadcrumb_data={
            "links": [
                {"url": section_url(project, "summary"), "title": project.title},
                {"url": section_url(project, section), "title": titles[section]},
            ],
            "current": texts["confirm_label"],
        },
        **texts,
    )


def done(request, project, message, section="summary"):
    messages.success(request, message)
    return redirect(section_url(project, section))


def project_child(project, related_name, pk):
    # Read from the workspace's prefetch when there is one (the journal has none: it can
    # hold thousands of entries); an id of another project's row is a 404 here.
    related = getattr(project, related_name)
    if related_name not in getattr(project, "_prefetched_objects_cache", {}):
        row = related.filter(pk=pk).first()
        if row is None:
            raise Http404
        return row
    for row in related.all():
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
