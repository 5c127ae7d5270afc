"""Next steps of a project: who does what by when, and one reminder when it is overdue."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from labnet.accounts.models import Membership
from labnet.accounts.rules import is_coordinator
from labnet.core.links import site_url
from labnet.core.mail import email_from_template
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.projects.audit import ProjectsAction

from .models import NextStep, Project
from .rules import can_see_project_internals, project_team_lab_ids


def _forbidden() -> PermissionDenied:
    return PermissionDenied(
        _(
            "Seules les équipes des laboratoires du projet et la coordination nationale gèrent "
            "ses prochaines étapes."
        )
    )


def _is_in_project_team(user, project: Project) -> bool:
    if is_coordinator(user):
        return True
    return Membership.objects.filter(user=user, lab_id__in=project_team_lab_ids(project)).exists()


def next_step_create(
    *,
    actor,
    project: Project,
    title: str,
    owner,
    due_on: datetime.date,
    channel: str = AuditEntry.Channel.WEB,
) -> NextStep:
    """A next step for someone of the project's teams, due on a date not yet past."""
    if not can_see_project_internals(actor, project):
        raise _forbidden()
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Dites ce qu'il faut faire, ex. « Préparer l'atelier ».")]
    elif len(title) > 200:
        errors["title"] = [_("La prochaine étape tient en 200 caractères au plus.")]
    if owner is None:
        errors["owner"] = [_("Choisissez la personne responsable.")]
    elif not _is_in_project_team(owner, project):
        errors["owner"] = [
            _("La personne responsable doit faire partie de l'équipe d'un laboratoire du projet.")
        ]
    if not isinstance(due_on, datetime.date):
        errors["due_on"] = [_("Indiquez l'échéance, ex. 14/03/2025.")]
    elif due_on < timezone.localdate():
        errors["due_on"] = [_("L'échéance ne peut pas être déjà passée.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        step = NextStep.objects.create(
            project=project,
            title=title,
            owner=owner,
            due_on=due_on,
            created_by=actor if actor.is_authenticated else None,
        )
        audit_record(
            actor=actor,
            action=ProjectsAction.NEXT_STEP_CREATE,
            target=step,
            changes={"project": project.key, "owner": owner.pk, "due_on": due_on.isoformat()},
            channel=channel,
        )
    return step


def next_step_complete(
    *, actor, next_step: NextStep, channel: str = AuditEntry.Channel.WEB
) -> NextStep:
    if not can_see_project_internals(actor, next_step.project):
        raise _forbidden()
    if next_step.done_at is not None:
        raise ValidationError(_("Cette prochaine étape est déjà faite."))
    with transaction.atomic():
        next_step.done_at = timezone.now()
        next_step.save(update_fields=["done_at"])
        audit_record(
            actor=actor, action=ProjectsAction.NEXT_STEP_COMPLETE, target=next_step, channel=channel
        )
    return next_step


def next_step_delete(*, actor, next_step: NextStep, channel: str = AuditEntry.Channel.WEB) -> None:
    if not can_see_project_internals(actor, next_step.project):
        raise _forbidden()
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=ProjectsAction.NEXT_STEP_DELETE,
            target=next_step,
            changes={"project": next_step.project.key, "title": next_step.title},
            channel=channel,
        )
        next_step.delete()


def next_steps_remind_overdue(*, today: datetime.date | None = None) -> int:
    """E-mail each owner of an overdue, undone next step, once; return how many went out.

    Run daily (`manage.py remind_overdue_next_steps`). Each step is claimed with a
    conditional update before its e-mail is queued, so two runs at once never remind twice.
    """
    today = today or timezone.localdate()
    overdue = (
        NextStep.objects.filter(done_at__isnull=True, reminded_at__isnull=True, due_on__lt=today)
        .select_related("owner", "project")
        .order_by("due_on", "id")
    )
    sent = 0
    for step in overdue.iterator(chunk_size=500):
        with transaction.atomic():
            now = timezone.now()
            claimed = NextStep.objects.filter(pk=step.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed or not step.owner.is_active or not step.owner.email:
                continue
            with override("fr"):
                url = site_url(reverse("accompaniment:workspace", kwargs={"key": step.project.key}))
                email_from_template(
                    template="projects/emails/next_step_overdue.txt",
                    context={"step": step, "due": date_format(step.due_on, "j F Y"), "url": url},
                    subject=_("Rappel : prochaine étape en retard — %(project)s")
                    % {"project": step.project.title},
                    to=[step.owner.email],
                )
            audit_record(
                actor=None,
                action=ProjectsAction.NEXT_STEPS_REMIND_OVERDUE,
                target=step,
                changes={"owner": step.owner.pk, "due_on": step.due_on.isoformat()},
                channel=AuditEntry.Channel.COMMAND,
            )
            sent += 1
    return sent
