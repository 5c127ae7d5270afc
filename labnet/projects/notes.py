"""Internal notes: what the project's lab teams tell each other. Never on the public page,
never in the public API; the selectors that read them check `can_see_project_internals`."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.projects.audit import ProjectsAction

from .models import InternalNote, Project
from .rules import can_delete_note, can_see_project_internals

MAX_NOTE_LENGTH = 10_000


@dataclass(frozen=True)
class NoteActions:
    can_delete: bool = False


def note_actions_available(*, user, obj: InternalNote) -> NoteActions:
    """What `user` may do on the note `obj` (the workspace shows its button from this)."""
    return NoteActions(can_delete=can_delete_note(user, obj))


def note_add(
    *, actor, project: Project, body: str, channel: str = AuditEntry.Channel.WEB
) -> InternalNote:
    if not can_see_project_internals(actor, project):
        raise PermissionDenied(
            _(
                "Seules les équipes des laboratoires du projet et la coordination nationale "
                "écrivent ses notes internes."
            )
        )
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("La note est vide.")})
    if len(body) > MAX_NOTE_LENGTH:
        raise ValidationError(
            {"body": _("Une note tient en %(max)s caractères au plus.") % {"max": "10 000"}}
        )
    with transaction.atomic():
        note = InternalNote.objects.create(project=project, author=actor, body=body)
        # The audit trail names the note, not its text: the trail is read more widely.
        audit_record(
            actor=actor,
            action=ProjectsAction.NOTE_ADD,
            target=note,
            changes={"project": project.key},
            channel=channel,
        )
    return note


def note_delete(*, actor, note: InternalNote, channel: str = AuditEntry.Channel.WEB) -> None:
    """Only its author (or the coordinator) removes a note."""
    if not can_delete_note(actor, note):
        raise PermissionDenied(_("Seul l'auteur d'une note ou la coordination peut la supprimer."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=ProjectsAction.NOTE_DELETE,
            target=note,
            changes={"project": note.project.key},
            channel=channel,
        )
        note.delete()
