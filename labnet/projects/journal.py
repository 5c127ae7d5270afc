"""The project's journal: workshops, interviews, observations, user tests, sprints and
steering meetings, with who took part (agents, service users, partners) and notes.

The lead lab and the partner labs both keep it (they run activities together).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record, model_changes
from labnet.projects.audit import ProjectsAction

from .enums import ActivityKind
from .models import Activity, Project
from .rules import can_log_activity

FIELDS = (
    "kind",
    "happened_on",
    "title",
    "agents_count",
    "users_count",
    "partners_count",
    "notes",
)


def _forbidden() -> PermissionDenied:
    return PermissionDenied(
        _(
            "Seules les équipes des laboratoires du projet et la coordination nationale tiennent "
            "son journal."
        )
    )


def _clean(data: dict) -> dict:
    """Validate every field before any write; all errors at once, keyed by field."""
    errors: dict[str, list[str]] = {}
    cleaned = dict(data)
    if cleaned.get("kind") not in ActivityKind.values:
        errors["kind"] = [_("Choisissez la nature de l'activité.")]
    cleaned["title"] = (cleaned.get("title") or "").strip()
    if not cleaned["title"]:
        errors["title"] = [_("Donnez un intitulé à l'activité, ex. « Atelier d'idéation ».")]
    elif len(cleaned["title"]) > 200:
        errors["title"] = [_("L'intitulé tient en 200 caractères au plus.")]
    happened_on = cleaned.get("happened_on")
    if not isinstance(happened_on, datetime.date):
        errors["happened_on"] = [_("Indiquez la date de l'activité, ex. 14/03/2025.")]
    elif happened_on > timezone.localdate():
        errors["happened_on"] = [
            _("La date ne peut pas être dans le futur : le journal consigne ce qui a eu lieu.")
        ]
    for field in ("agents_count", "users_count", "partners_count"):
        value = cleaned.get(field) or 0
        if not isinstance(value, int) or value < 0:
            errors[field] = [_("Indiquez un nombre de participants positif ou nul.")]
        cleaned[field] = value
    cleaned["notes"] = (cleaned.get("notes") or "").strip()
    if errors:
        raise ValidationError(errors)
    return {field: cleaned[field] for field in FIELDS}


def activity_log(
    *,
    actor,
    project: Project,
    kind: str,
    happened_on: datetime.date,
    title: str,
    agents_count: int = 0,
    users_count: int = 0,
    partners_count: int = 0,
    notes: str = "",
    channel: str = AuditEntry.Channel.WEB,
) -> Activity:
    """Add an entry to the project's journal."""
    if not can_log_activity(actor, project):
        raise _forbidden()
    data = _clean(
        {
            "kind": kind,
            "happened_on": happened_on,
            "title": title,
            "agents_count": agents_count,
            "users_count": users_count,
            "partners_count": partners_count,
            "notes": notes,
        }
    )
    with transaction.atomic():
        activity = Activity.objects.create(
            project=project, created_by=actor if actor.is_authenticated else None, **data
        )
        audit_record(
            actor=actor,
            action=ProjectsAction.ACTIVITY_LOG,
            target=activity,
            changes={"project": project.key, "kind": kind},
            channel=channel,
        )
    return activity


def activity_update(
    *, actor, activity: Activity, data: dict, channel: str = AuditEntry.Channel.WEB
) -> Activity:
    """Change an entry of the journal; `data` may hold any of FIELDS, the others are kept."""
    if not can_log_activity(actor, activity.project):
        raise _forbidden()
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValueError(f"Unknown activity fields: {sorted(unknown)}")
    merged = {field: getattr(activity, field) for field in FIELDS} | data
    cleaned = _clean(merged)
    with transaction.atomic():
        changes = model_changes(activity, cleaned)
        for field, value in cleaned.items():
            setattr(activity, field, value)
        activity.save()
        audit_record(
            actor=actor,
            action=ProjectsAction.ACTIVITY_UPDATE,
            target=activity,
            changes=changes,
            channel=channel,
        )
    return activity


def activity_delete(*, actor, activity: Activity, channel: str = AuditEntry.Channel.WEB) -> None:
    if not can_log_activity(actor, activity.project):
        raise _forbidden()
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=ProjectsAction.ACTIVITY_DELETE,
            target=activity,
            changes={"project": activity.project.key, "title": activity.title},
            channel=channel,
        )
        activity.delete()
