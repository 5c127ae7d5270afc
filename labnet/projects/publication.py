"""The public sheet in the network's form (Objective / Approach / Results), and its
publication: a project is shown to visitors only when its lead lab says so."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record, model_changes
from labnet.projects.audit import ProjectsAction
from labnet.webhooks import payloads
from labnet.webhooks.enums import WebhookEvent
from labnet.webhooks.services import webhook_emit

from .indexing import project_written
from .models import Project
from .rules import require_can_publish_project

SHEET_FIELDS = ("title", "objective", "approach", "results")


def project_sheet_update(
    *,
    actor,
    project: Project,
    title: str,
    objective: str,
    approach: str,
    results: str,
    channel: str = AuditEntry.Channel.WEB,
) -> Project:
    """Rewrite the sheet. A published sheet stays published: visitors see the new text."""
    require_can_publish_project(actor, project)
    data = {
        "title": (title or "").strip(),
        "objective": (objective or "").strip(),
        "approach": (approach or "").strip(),
        "results": (results or "").strip(),
    }
    errors = {}
    if not data["title"]:
        errors["title"] = [_("Le projet doit garder un titre.")]
    elif len(data["title"]) > 300:
        errors["title"] = [_("Le titre tient en 300 caractères au plus.")]
    if project.is_public and not data["objective"]:
        errors["objective"] = [
            _("Une fiche publiée garde son objectif : dépubliez-la d'abord pour le vider.")
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        changes = model_changes(project, data)
        for field, value in data.items():
            setattr(project, field, value)
        project.save(update_fields=[*SHEET_FIELDS, "updated_at"])
        audit_record(
            actor=actor,
            action=ProjectsAction.PROJECT_SHEET_UPDATE,
            target=project,
            changes=changes,
            channel=channel,
        )
        project_written(project)
    return project


def _folded(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def _agent_draft(project: Project) -> str:
    """The problem as the agent wrote it in the single window, when the project came from
    an accepted request (the request's project field, read without importing intake)."""
    try:
        return project.origin_request.problem or ""
    except ObjectDoesNotExist:
        return ""


def sheet_publication_problems(project: Project) -> dict[str, str]:
    """What the network's form requires before a sheet goes public, by field (French).

    Objective, Approach and Results are all written, and the objective is more than the
    agent's raw draft copied from the request (the public reads it without the context).
    Empty when the sheet may be published; the preview page and `project_publish` both ask.
    """
    problems = {}
    if not project.objective.strip():
        problems["objective"] = _("Renseignez l'objectif de la fiche avant de la publier.")
    elif (draft := _agent_draft(project)) and _folded(draft) == _folded(project.objective):
        problems["objective"] = _(
            "L'objectif est encore le texte brut de la demande de l'agent : reformulez-le "
            "pour le public avant de publier."
        )
    if not project.approach.strip():
        problems["approach"] = _(
            "Décrivez la démarche (ce que le laboratoire a fait, avec qui) avant de publier."
        )
    if not project.results.strip():
        problems["results"] = _(
            "Indiquez les résultats, même provisoires, avant de publier la fiche."
        )
    return problems


def project_publish(*, actor, project: Project, channel: str = AuditEntry.Channel.WEB) -> Project:
    """Show the sheet to everyone, once it has what the network's form requires
    (`sheet_publication_problems`)."""
    require_can_publish_project(actor, project)
    if project.is_public:
        raise ValidationError(_("La fiche de ce projet est déjà publiée."))
    problems = sheet_publication_problems(project)
    if problems:
        raise ValidationError(
            {
                field: ValidationError(message, code="incomplete")
                for field, message in problems.items()
            }
        )
    with transaction.atomic():
        project.is_public = True
        project.published_at = timezone.now()
        project.save(update_fields=["is_public", "published_at", "updated_at"])
        audit_record(
            actor=actor,
            action=ProjectsAction.PROJECT_PUBLISH,
            target=project,
            changes={"is_public": [False, True]},
            channel=channel,
        )
        project_written(project)
        webhook_emit(
            event=WebhookEvent.PROJECT_PUBLISHED,
            data=payloads.project_published(project),
            lab=project.lead_lab,
        )
    return project


def project_unpublish(*, actor, project: Project, channel: str = AuditEntry.Channel.WEB) -> Project:
    """Take the sheet off the public site; the project's work goes on for its teams."""
    require_can_publish_project(actor, project)
    if not project.is_public:
        raise ValidationError(_("La fiche de ce projet n'est pas publiée."))
    with transaction.atomic():
        project.is_public = False
        project.save(update_fields=["is_public", "updated_at"])
        audit_record(
            actor=actor,
            action=ProjectsAction.PROJECT_UNPUBLISH,
            target=project,
            changes={"is_public": [True, False]},
            channel=channel,
        )
        project_written(project)
    return project
