import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from labnet.core.models import AuditEntry
from labnet.projects.models import NextStep
from labnet.projects.next_steps import (
    next_step_complete,
    next_step_create,
    next_step_delete,
    next_steps_remind_overdue,
)
from labnet.projects.tasks import remind_overdue_next_steps
from tests.factories import NextStepFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 14)


def _days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_create_for_someone_of_the_project_teams(project, lab_member, partner_member):
    step = next_step_create(
        actor=lab_member,
        project=project,
        title="Préparer l'atelier",
        owner=partner_member,
        due_on=_days(3),
    )
    assert (step.owner, step.created_by, step.done_at) == (partner_member, lab_member, None)
    assert AuditEntry.objects.filter(
        action="projects.next_step_create", target_id=str(step.pk)
    ).exists()


def test_owner_outside_the_teams_and_past_due_dates_are_refused(project, lab_member, outsider):
    with pytest.raises(ValidationError) as exc:
        next_step_create(
            actor=lab_member, project=project, title=" ", owner=outsider, due_on=_days(-1)
        )
    assert exc.value.message_dict == {
        "title": ["Dites ce qu'il faut faire, ex. « Préparer l'atelier »."],
        "owner": [
            "La personne responsable doit faire partie de l'équipe d'un laboratoire du projet."
        ],
        "due_on": ["L'échéance ne peut pas être déjà passée."],
    }
    assert not NextStep.objects.exists()


def test_outsiders_do_not_plan_the_projects_steps(project, lab_member, outsider):
    with pytest.raises(PermissionDenied):
        next_step_create(
            actor=outsider, project=project, title="x", owner=lab_member, due_on=_days(1)
        )


def test_complete_once_then_refuse_again(project, lab_member):
    step = NextStepFactory(project=project, owner=lab_member)
    next_step_complete(actor=lab_member, next_step=step)
    assert NextStep.objects.get(pk=step.pk).done_at is not None
    with pytest.raises(ValidationError) as exc:
        next_step_complete(actor=lab_member, next_step=step)
    assert exc.value.messages == ["Cette prochaine étape est déjà faite."]


def test_delete(project, lab_member, outsider):
    step = NextStepFactory(project=project, owner=lab_member)
    with pytest.raises(PermissionDenied):
        next_step_delete(actor=outsider, next_step=step)
    next_step_delete(actor=lab_member, next_step=step)
    assert not NextStep.objects.exists()


def _overdue_world(project, lab_member):
    owner = lab_member
    overdue = NextStepFactory(
        project=project,
        owner=owner,
        title="Envoyer le compte rendu",
        due_on=TODAY - datetime.timedelta(days=2),
    )
    NextStepFactory(project=project, owner=owner, due_on=TODAY)  # due today: not overdue yet
    NextStepFactory(project=project, owner=owner, due_on=TODAY + datetime.timedelta(days=1))
    NextStepFactory(
        project=project,
        owner=owner,
        due_on=TODAY - datetime.timedelta(days=5),
        done_at=timezone.now(),
    )
    NextStepFactory(
        project=project,
        owner=owner,
        due_on=TODAY - datetime.timedelta(days=5),
        reminded_at=timezone.now(),
    )
    return overdue


def test_overdue_steps_remind_their_owner_once(
    project, lab_member, django_capture_on_commit_callbacks
):
    overdue = _overdue_world(project, lab_member)

    with django_capture_on_commit_callbacks(execute=True):
        assert next_steps_remind_overdue(today=TODAY) == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [lab_member.email]
    assert (
        message.subject == "Rappel : prochaine étape en retard — Accueil des usagers en préfecture"
    )
    assert "« Envoyer le compte rendu »" in message.body
    assert "12 mars 2025" in message.body
    assert "/accompagnement/projets/accueil-usagers/" in message.body
    overdue.refresh_from_db()
    assert overdue.reminded_at is not None
    assert AuditEntry.objects.get(action="projects.next_steps_remind_overdue").channel == "command"

    with django_capture_on_commit_callbacks(execute=True):
        assert next_steps_remind_overdue(today=TODAY + datetime.timedelta(days=3)) == 2
    # The two that were not yet overdue on TODAY, not the first one again.
    assert len(mail.outbox) == 3


def test_inactive_owner_is_marked_but_not_mailed(project, django_capture_on_commit_callbacks):
    owner = UserFactory(is_active=False)
    step = NextStepFactory(project=project, owner=owner, due_on=TODAY - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert next_steps_remind_overdue(today=TODAY) == 0
    assert mail.outbox == []
    step.refresh_from_db()
    assert step.reminded_at is not None


def test_command_and_task_run_the_reminders(lab_member, django_capture_on_commit_callbacks):
    project = ProjectFactory()
    NextStepFactory(project=project, owner=lab_member, due_on=_days(-1))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_overdue_next_steps", stdout=out)
    assert out.getvalue() == "1 reminder(s) queued.\n"
    assert len(mail.outbox) == 1

    NextStepFactory(project=project, owner=lab_member, due_on=_days(-3))
    with django_capture_on_commit_callbacks(execute=True):
        result = remind_overdue_next_steps.enqueue()
    assert result.return_value == 1
    assert len(mail.outbox) == 2
