"""Pages of the accompaniment pipeline: a lab's portfolio (board by stage, filterable list)
and a project's workspace (stage and gate decisions, journal, documents, next steps,
internal notes, people, lineage, similar projects).

Views stay thin: they read through `labnet.projects.selectors`, write through the
services, and show the services' French messages next to the fields, keeping what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from labnet.labs.models import Lab, Theme
from labnet.labs.selectors import lab_get
from labnet.people.selectors import suggested_people_for_project
from labnet.projects import cycle_time, selectors
from labnet.projects.documents import document_delete, document_upload
from labnet.projects.enums import ProjectStatus, Stage
from labnet.projects.journal import activity_delete, activity_log, activity_update
from labnet.projects.lineage import lineage_tree
from labnet.projects.models import Project
from labnet.projects.next_steps import next_step_complete, next_step_create
from labnet.projects.notes import (
    can_delete_note,
    note_add,
    note_delete,
    require_can_delete_note,
)
from labnet.projects.people import (
    project_partners_set,
    project_person_add,
    project_person_remove,
)
from labnet.projects.pipeline import moves_available, project_move
from labnet.projects.publication import (
    project_publish,
    project_sheet_update,
    project_unpublish,
    sheet_publication_problems,
)
from labnet.projects.rules import (
    can_edit_project_team,
    can_log_activity,
    can_move_project,
    can_publish_project,
    require_can_edit_project_team,
    require_can_move_project,
    require_can_publish_project,
)
from labnet.projects.services import project_take_up
from labnet.www.confirm import confirmation_page
from labnet.www.forms import add_service_errors

from .forms import (
    ActivityForm,
    DocumentForm,
    MoveForm,
    NextStepForm,
    NoteForm,
    PartnersForm,
    PersonForm,
    SheetForm,
    TakeUpForm,
)

LIST_PAGE_SIZE = 50


# --- portfolio -------------------------------------------------------------------------------


def _lab_or_404(lab_key: str) -> Lab:
    try:
        return lab_get(key=lab_key)
    except Lab.DoesNotExist as exc:
        raise Http404(_("Ce laboratoire n'existe pas.")) from exc


def _portfolio_breadcrumb(lab, current):
    return {
        "links": [
            {"url": reverse("www:atlas"), "title": _("Atlas des laboratoires")},
            {"url": lab.get_absolute_url(), "title": lab.name},
        ],
        "current": current,
    }


@login_required
def board(request, lab_key):
    lab = _lab_or_404(lab_key)
    columns = selectors.portfolio_board(user=request.user, lab=lab)
    lab_times = cycle_time.stage_cycle_times(lab=lab)
    network_times = {row.stage: row for row in cycle_time.stage_cycle_times()}
    return render(
        request,
        "www/accompaniment/board.html",
        {
            "page_title": _("Tableau des projets — %(lab)s") % {"lab": lab.name},
            "breadcrumb_data": _portfolio_breadcrumb(lab, _("Tableau des projets")),
            "lab": lab,
            "columns": columns,
            "project_total": sum(len(c.projects) for c in columns),
            "cycle_times": [(row, network_times[row.stage]) for row in lab_times],
        },
    )


@login_required
def portfolio_list(request, lab_key):
    lab = _lab_or_404(lab_key)
    filters = selectors.PortfolioFilters(
        **{
            name: request.GET.get(name, "").strip()
            for name in selectors.PortfolioFilters.__dataclass_fields__
        }
    )
    projects = selectors.portfolio_projects(user=request.user, lab=lab, filters=filters)
    page = Paginator(projects, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "www/accompaniment/portfolio_list.html",
        {
            "page_title": _("Projets — %(lab)s") % {"lab": lab.name},
            "breadcrumb_data": _portfolio_breadcrumb(lab, _("Projets")),
            "lab": lab,
            "projects": page,
            "page_obj": page,
            "project_total": page.paginator.count,
            "page_query": query.urlencode(),
            "filters": filters,
            "has_filters": any(vars(filters).values()),
            "stages": Stage.choices,
            "statuses": ProjectStatus.choices,
            "themes": Theme.objects.order_by("name_fr"),
        },
    )


# --- workspace -------------------------------------------------------------------------------


def _workspace_project(request, key) -> Project:
    try:
        return selectors.project_get_workspace(user=request.user, key=key)
    except Project.DoesNotExist as exc:
        raise Http404(_("Ce projet n'existe pas ou n'est pas publié.")) from exc


# The workspace is a summary and one short page per task (docs/adr/0013-polish-workspace.md):
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
            "activity_count": len(project.activities.all()),
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
        activities = list(project.activities.all())
        return {
            "activity_form": bound.get("activity_form")
            or ActivityForm(initial={"happened_on": today}),
            "activities": activities,
            "participants": {
                "agents": sum(a.agents_count for a in activities),
                "users": sum(a.users_count for a in activities),
                "partners": sum(a.partners_count for a in activities),
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
            note.may_delete = can_delete_note(user, note)  # the domain's rule, not the template's
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
            "similar": selectors.project_similar(project=project, user=user, limit=5),
        }
    raise Http404


def _render_workspace(request, project, *, section="summary", status=200, **bound):
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
        ],
        "form_open": bool(request.GET.get(FORM_OPEN)) or any(f.errors for f in bound.values()),
        "stage_index": Stage.values.index(project.stage) + 1 if project.stage else 0,
        "stage_count": len(Stage.values),
        "next_stage": _next_stage_label(project.stage),
        "can_move": can_move_project(user, project),
        "can_log": can_log_activity(user, project),
        "can_publish": can_publish_project(user, project),
        "can_edit_team": can_edit_project_team(user, project),
        **_section_context(request, project, section, bound),
    }
    return render(request, "www/accompaniment/workspace.html", context, status=status)


def _next_stage_label(stage):
    values = Stage.values
    if stage in values and values.index(stage) + 1 < len(values):
        return Stage(values[values.index(stage) + 1]).label
    return ""


@login_required
def workspace(request, key):
    return _render_workspace(request, _workspace_project(request, key))


def _confirm(request, project, section, **texts):
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


def _done(request, project, message, section="summary"):
    messages.success(request, message)
    return redirect(section_url(project, section))


@login_required
def sheet(request, key):
    return _render_workspace(request, _workspace_project(request, key), section="sheet")


@login_required
def scaling(request, key):
    return _render_workspace(request, _workspace_project(request, key), section="scaling")


@login_required
def move(request, key):
    project = _workspace_project(request, key)
    if request.method != "POST":
        return _render_workspace(request, project, section="stage")
    # The form offers only the moves the domain allows: refuse first, with the rule's reason.
    require_can_move_project(request.user, project)
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
            return _done(request, project, _("Le passage est enregistré."), "stage")
    return _render_workspace(request, project, section="stage", status=400, move_form=form)


@login_required
def activity_add(request, key):
    project = _workspace_project(request, key)
    if request.method != "POST":
        return _render_workspace(request, project, section="journal")
    form = ActivityForm(request.POST)
    if form.is_valid():
        try:
            activity_log(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, project, _("L'activité est ajoutée au journal."), "journal")
    return _render_workspace(request, project, section="journal", status=400, activity_form=form)


def _project_child(project, related_name, pk):
    # Read from the workspace's prefetch: an id of another project's row is a 404 here.
    for row in getattr(project, related_name).all():
        if row.pk == pk:
            return row
    raise Http404


@login_required
def activity_edit(request, key, pk):
    project = _workspace_project(request, key)
    activity = _project_child(project, "activities", pk)
    initial = {name: getattr(activity, name) for name in ActivityForm.base_fields}
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity_update(actor=request.user, activity=activity, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, project, _("L'activité est modifiée."), "journal")
    return render(
        request,
        "www/accompaniment/activity_edit.html",
        {
            "page_title": _("Modifier l'activité"),
            "breadcrumb_data": _workspace_breadcrumb(project, _("Modifier l'activité")),
            "project": project,
            "activity": activity,
            "form": form,
        },
    )


def _workspace_breadcrumb(project, current):
    return {
        "links": [
            {
                "url": reverse("accompaniment:workspace", kwargs={"key": project.key}),
                "title": project.title,
            }
        ],
        "current": current,
    }


@login_required
def activity_remove(request, key, pk):
    project = _workspace_project(request, key)
    activity = _project_child(project, "activities", pk)
    if request.method != "POST":
        return _confirm(
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
    return _done(request, project, _("L'activité est retirée du journal."), "journal")


@login_required
def document_add(request, key):
    project = _workspace_project(request, key)
    if request.method != "POST":
        return _render_workspace(request, project, section="documents")
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document_upload(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, project, _("Le document est déposé."), "documents")
    return _render_workspace(request, project, section="documents", status=400, document_form=form)


@login_required
def document_download(request, key, pk):
    """Documents are served only through this check, never from MEDIA_URL."""
    project = _workspace_project(request, key)
    document = _project_child(project, "documents", pk)
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
    project = _workspace_project(request, key)
    document = _project_child(project, "documents", pk)
    if request.method != "POST":
        return _confirm(
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
    return _done(request, project, _("Le document est supprimé."), "documents")


@login_required
def next_step_add(request, key):
    project = _workspace_project(request, key)
    if request.method != "POST":
        return _render_workspace(request, project, section="next_steps")
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
            return _done(request, project, _("La prochaine étape est ajoutée."), "next_steps")
    return _render_workspace(
        request, project, section="next_steps", status=400, next_step_form=form
    )


@login_required
@require_POST
def next_step_done(request, key, pk):
    project = _workspace_project(request, key)
    try:
        next_step_complete(actor=request.user, next_step=_project_child(project, "next_steps", pk))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(section_url(project, "next_steps"))
    return _done(request, project, _("La prochaine étape est marquée comme faite."), "next_steps")


@login_required
def note_create(request, key):
    project = _workspace_project(request, key)
    if request.method != "POST":
        return _render_workspace(request, project, section="notes")
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            note_add(actor=request.user, project=project, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, project, _("La note est ajoutée."), "notes")
    return _render_workspace(request, project, section="notes", status=400, note_form=form)


@login_required
def note_remove(request, key, pk):
    project = _workspace_project(request, key)
    note = _project_child(project, "internal_notes", pk)
    require_can_delete_note(request.user, note)
    if request.method != "POST":
        return _confirm(
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
    return _done(request, project, _("La note est supprimée."), "notes")


@login_required
def person_add(request, key):
    project = _workspace_project(request, key)
    if request.method != "POST":
        return _render_workspace(request, project, section="people")
    form = PersonForm(request.POST, organisations=project.organisations.all())
    if form.is_valid():
        try:
            project_person_add(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, project, _("La personne est ajoutée au projet."), "people")
    return _render_workspace(request, project, section="people", status=400, person_form=form)


@login_required
def person_remove(request, key, pk):
    project = _workspace_project(request, key)
    person = _project_child(project, "people", pk)
    require_can_edit_project_team(request.user, project)
    if request.method != "POST":
        return _confirm(
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
    return _done(request, project, _("La personne est retirée du projet."), "people")


@login_required
def partners_edit(request, key):
    project = _workspace_project(request, key)
    require_can_edit_project_team(request.user, project)
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
            return _done(
                request, project, _("Les partenaires du projet sont enregistrés."), "people"
            )
    return render(
        request,
        "www/accompaniment/partners_edit.html",
        {
            "page_title": _("Partenaires du projet"),
            "breadcrumb_data": _workspace_breadcrumb(project, _("Partenaires")),
            "project": project,
            "form": form,
        },
    )


@login_required
def sheet_edit(request, key):
    project = _workspace_project(request, key)
    require_can_publish_project(request.user, project)
    initial = {name: getattr(project, name) for name in SheetForm.base_fields}
    form = SheetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            project_sheet_update(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, project, _("La fiche du projet est enregistrée."), "sheet")
    return render(
        request,
        "www/accompaniment/sheet_edit.html",
        {
            "page_title": _("Fiche du projet"),
            "breadcrumb_data": _workspace_breadcrumb(project, _("Fiche du projet")),
            "project": project,
            "form": form,
        },
    )


@login_required
def publication(request, key):
    """Publishing goes through this page: the sheet as the public will see it, what the
    network's form still requires, and a confirmation (taking it off the site too)."""
    project = _workspace_project(request, key)
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
                return _done(
                    request,
                    project,
                    _("La fiche est publiée : tout le monde peut la lire."),
                    "sheet",
                )
            return _done(request, project, _("La fiche n'est plus publiée."), "sheet")
    problems = {} if project.is_public else sheet_publication_problems(project)
    labels = {"objective": _("Objectif"), "approach": _("Démarche"), "results": _("Résultats")}
    return render(
        request,
        "www/accompaniment/publication.html",
        {
            "page_title": (
                _("Retirer la fiche du site public") if project.is_public else _("Publier la fiche")
            ),
            "breadcrumb_data": _workspace_breadcrumb(
                project,
                _("Retirer la fiche") if project.is_public else _("Aperçu avant publication"),
            ),
            "project": project,
            "problems": [(labels[field], message) for field, message in problems.items()],
            "errors": errors,
        },
        status=status,
    )


# --- scaling up --------------------------------------------------------------------------------


@login_required
def take_up(request, key):
    """Another lab takes the project up: the form is also on the public project page."""
    try:
        source = selectors.project_get_visible(user=request.user, key=key)
    except Project.DoesNotExist as exc:
        raise Http404(_("Ce projet n'existe pas ou n'est pas publié.")) from exc
    labs = selectors.labs_for_take_up(user=request.user, project=source)
    form = TakeUpForm(request.POST or None, labs=labs)
    if request.method == "POST" and form.is_valid():
        try:
            reuse = project_take_up(
                actor=request.user,
                source=source,
                lab=form.cleaned_data["lab"],
                adaptation_notes=form.cleaned_data["adaptation_notes"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Le projet est repris par %(lab)s : voici son espace de travail.")
                % {"lab": reuse.lead_lab.name},
            )
            return redirect("accompaniment:workspace", key=reuse.key)
    return render(
        request,
        "www/accompaniment/take_up.html",
        {
            "page_title": _("Reprendre le projet"),
            "breadcrumb_data": {
                "links": [{"url": source.get_absolute_url(), "title": source.title}],
                "current": _("Reprendre le projet"),
            },
            "project": source,
            "form": form,
            "has_labs": labs.exists(),
        },
    )
