"""Writes to projects shared by the single window and the accompaniment pipeline.

Each service checks permission, runs in one transaction, is audited, and keeps the search
index in step (labnet.search) so "similar projects" sees every change.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from labnet.accounts.rules import is_coordinator, is_lab_member
from labnet.core.keys import unique_key
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.projects.audit import ProjectsAction

from .enums import ProjectStatus, Stage
from .indexing import project_written
from .models import Project
from .rules import can_view_project


def project_create(
    *,
    actor,
    lead_lab,
    title: str,
    objective: str = "",
    approach: str = "",
    region=None,
    themes=(),
    organisations=(),
    channel=AuditEntry.Channel.WEB,
) -> Project:
    """A new accompanied project, led by `lead_lab`; its sheet starts unpublished."""
    if not (is_coordinator(actor) or is_lab_member(actor, lead_lab)):
        raise PermissionDenied(
            _("Seule l'équipe du laboratoire pilote ou la coordination nationale crée ses projets.")
        )
    with transaction.atomic():
        project = Project.objects.create(
            key=unique_key(Project, title, default="projet"),
            title=title,
            lead_lab=lead_lab,
            objective=objective,
            approach=approach,
            region=region,
            stage=Stage.FRAMING,
            status=ProjectStatus.ACTIVE,
            is_public=False,
            created_by=actor if actor.is_authenticated else None,
        )
        project.themes.set(themes)
        project.organisations.set(organisations)
        audit_record(
            actor=actor, action=ProjectsAction.PROJECT_CREATE, target=project, channel=channel
        )
        project_written(project)
    return project


def project_take_up(
    *,
    actor,
    source: Project,
    lab,
    adaptation_notes: str,
    title: str = "",
    region=None,
    channel=AuditEntry.Channel.WEB,
) -> Project:
    """Another lab takes up `source` in its territory: a new project in its lineage.

    The taking-up lab must differ from the source's lead lab, the source must be readable
    by `actor`, and what was adapted must be said (it is the point of the lineage).
    """
    if not (is_coordinator(actor) or is_lab_member(actor, lab)) or not can_view_project(
        actor, source
    ):
        raise PermissionDenied(
            _(
                "Seule l'équipe du laboratoire qui reprend le projet, ou la coordination "
                "nationale, peut le reprendre."
            )
        )
    errors = {}
    if lab.pk == source.lead_lab_id:
        errors["lab"] = [
            _("Ce laboratoire pilote déjà le projet : choisissez le laboratoire qui le reprend.")
        ]
    adaptation_notes = (adaptation_notes or "").strip()
    if not adaptation_notes:
        errors["adaptation_notes"] = [
            _("Dites ce qui a été adapté au territoire : c'est ce que les suivants liront.")
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        project = Project.objects.create(
            key=unique_key(Project, title or source.title, default="projet"),
            title=title or source.title,
            lead_lab=lab,
            objective=source.objective,
            approach=source.approach,
            region=region or lab.region,
            stage=Stage.FRAMING,
            status=ProjectStatus.ACTIVE,
            scaled_from=source,
            adaptation_notes=adaptation_notes,
            is_public=False,
            created_by=actor if actor.is_authenticated else None,
        )
        project.themes.set(source.themes.all())
        audit_record(
            actor=actor,
            action=ProjectsAction.PROJECT_TAKE_UP,
            target=project,
            changes={"scaled_from": [None, source.key]},
            channel=channel,
        )
        project_written(project)
    return project
