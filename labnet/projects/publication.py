"""The public sheet in the network's form (Objective / Approach / Results), and its
publication: a project is shown to visitors only when its lead lab says so."""

from django.core.exceptions import PermissionDenied, ValidationError
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
from .rules import can_publish_project

SHEET_FIELDS = ("title", "objective", "approach", "results")


def _forbidden() -> PermissionDenied:
    return PermissionDenied(
        _(
            "Seule l'équipe du laboratoire pilote ou la coordination nationale rédige et publie "
            "la fiche du projet."
        )
    )


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
    if not can_publish_project(actor, project):
        raise _forbidden()
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


def project_publish(*, actor, project: Project, channel: str = AuditEntry.Channel.WEB) -> Project:
    """Show the sheet to everyone. It needs at least its objective."""
    if not can_publish_project(actor, project):
        raise _forbidden()
    if project.is_public:
        raise ValidationError(_("La fiche de ce projet est déjà publiée."))
    if not project.objective.strip():
        raise ValidationError(
            {"objective": _("Renseignez au moins l'objectif de la fiche avant de la publier.")}
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
    if not can_publish_project(actor, project):
        raise _forbidden()
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
