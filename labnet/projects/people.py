"""Who works on a project: partner labs, partner organisations, and people with roles.

The lead lab decides who joins (or the coordinator): adding a partner lab opens the
project's workspace to that lab's whole team.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.projects.audit import ProjectsAction

from .enums import ProjectRole
from .models import Project, ProjectPerson
from .rules import can_edit_project_team


def _forbidden() -> PermissionDenied:
    return PermissionDenied(
        _(
            "Seule l'équipe du laboratoire pilote ou la coordination nationale modifie les "
            "partenaires et les personnes du projet."
        )
    )


def project_partners_set(
    *,
    actor,
    project: Project,
    partner_labs,
    organisations,
    channel: str = AuditEntry.Channel.WEB,
) -> Project:
    """Replace the partner labs and partner organisations of the project."""
    if not can_edit_project_team(actor, project):
        raise _forbidden()
    partner_labs, organisations = list(partner_labs), list(organisations)
    if project.lead_lab_id and any(lab.pk == project.lead_lab_id for lab in partner_labs):
        raise ValidationError(
            {"partner_labs": _("Le laboratoire pilote ne peut pas être aussi partenaire.")}
        )
    with transaction.atomic():
        before_labs = sorted(project.partner_labs.values_list("key", flat=True))
        before_orgs = sorted(project.organisations.values_list("key", flat=True))
        project.partner_labs.set(partner_labs)
        project.organisations.set(organisations)
        after_labs = sorted(lab.key for lab in partner_labs)
        after_orgs = sorted(org.key for org in organisations)
        changes = {}
        if before_labs != after_labs:
            changes["partner_labs"] = [before_labs, after_labs]
        if before_orgs != after_orgs:
            changes["organisations"] = [before_orgs, after_orgs]
        audit_record(
            actor=actor,
            action=ProjectsAction.PROJECT_PARTNERS_SET,
            target=project,
            changes=changes,
            channel=channel,
        )
    return project


def project_person_add(
    *,
    actor,
    project: Project,
    role: str,
    user=None,
    name: str = "",
    organisation=None,
    channel: str = AuditEntry.Channel.WEB,
) -> ProjectPerson:
    """Someone with a role: a LabNet account, or a name only (no account needed)."""
    if not can_edit_project_team(actor, project):
        raise _forbidden()
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if role not in ProjectRole.values:
        errors["role"] = [_("Choisissez le rôle de la personne dans le projet.")]
    if user is None and not name:
        errors["name"] = [_("Indiquez le nom de la personne.")]
    elif len(name) > 200:
        errors["name"] = [_("Le nom tient en 200 caractères au plus.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        person = ProjectPerson.objects.create(
            project=project, user=user, name=name, organisation=organisation, role=role
        )
        audit_record(
            actor=actor,
            action=ProjectsAction.PROJECT_PERSON_ADD,
            target=person,
            changes={"project": project.key, "role": role},
            channel=channel,
        )
    return person


def project_person_remove(
    *, actor, person: ProjectPerson, channel: str = AuditEntry.Channel.WEB
) -> None:
    if not can_edit_project_team(actor, person.project):
        raise _forbidden()
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=ProjectsAction.PROJECT_PERSON_REMOVE,
            target=person,
            changes={"project": person.project.key, "role": person.role},
            channel=channel,
        )
        person.delete()
