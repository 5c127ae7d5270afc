"""The accompaniment pipeline: the one service that moves a project between stages and
statuses, and the explicit map of the moves it allows (like pretalx's
`set_submission_state`).

A move changes either the stage (while the project is active) or the status. Every move is
a gate decision: it needs a reason, is recorded as a StageTransition (who, when, why) and
audited. A move the map does not allow is a ValidationError naming both ends, never a
silent no-op.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.projects.audit import ProjectsAction

from .enums import ProjectStatus, Stage
from .hooks import project_ended
from .indexing import project_written
from .models import Project, StageTransition
from .rules import can_move_project, can_reopen_project, require_can_move_project

S = Stage
ST = ProjectStatus

# Stage moves, allowed only while the project is active: forward to the next stage, or back
# one stage when a gate sends the work back. A stage left blank by an import ("not stated")
# may be set to any stage once.
STAGE_MOVES: dict[str, frozenset[str]] = {
    "": frozenset(S.values),
    S.FRAMING: frozenset({S.IMMERSION}),
    S.IMMERSION: frozenset({S.IDEATION, S.FRAMING}),
    S.IDEATION: frozenset({S.PROTOTYPING, S.IMMERSION}),
    S.PROTOTYPING: frozenset({S.TESTING, S.IDEATION}),
    S.TESTING: frozenset({S.EXPERIMENTATION, S.PROTOTYPING}),
    S.EXPERIMENTATION: frozenset({S.DEPLOYMENT, S.TESTING}),
    S.DEPLOYMENT: frozenset({S.SCALING, S.EXPERIMENTATION}),
    S.SCALING: frozenset({S.DEPLOYMENT}),
}

# Status moves. Abandoned and closed projects are finished: only a reopening (by the
# coordinator, see REOPENINGS) brings them back. A status left blank by an import counts as
# active.
STATUS_MOVES: dict[str, frozenset[str]] = {
    "": frozenset({ST.PAUSED, ST.ABANDONED, ST.CLOSED}),
    ST.ACTIVE: frozenset({ST.PAUSED, ST.ABANDONED, ST.CLOSED}),
    ST.PAUSED: frozenset({ST.ACTIVE, ST.ABANDONED, ST.CLOSED}),
    ST.ABANDONED: frozenset({ST.ACTIVE}),
    ST.CLOSED: frozenset({ST.ACTIVE}),
}
REOPENINGS: frozenset[tuple[str, str]] = frozenset(
    {(ST.ABANDONED, ST.ACTIVE), (ST.CLOSED, ST.ACTIVE)}
)
# Stages move only while the work goes on.
STAGE_MOVABLE_STATUSES: frozenset[str] = frozenset({ST.ACTIVE, ""})


@dataclass(frozen=True)
class Move:
    """One move offered to a user: to a stage or to a status."""

    to_stage: str = ""
    to_status: str = ""

    @property
    def value(self) -> str:
        return f"stage:{self.to_stage}" if self.to_stage else f"status:{self.to_status}"

    @property
    def label(self) -> str:
        if self.to_stage:
            return _("Étape : %(stage)s") % {"stage": Stage(self.to_stage).label}
        return {
            ST.ACTIVE: _("Reprendre le projet (en cours)"),
            ST.PAUSED: _("Mettre en pause"),
            ST.ABANDONED: _("Abandonner le projet"),
            ST.CLOSED: _("Clore le projet (terminé)"),
        }[self.to_status]


def _stage_label(value: str) -> str:
    return Stage(value).label if value else _("étape non renseignée")


def _status_label(value: str) -> str:
    return ProjectStatus(value).label if value else _("statut non renseigné")


def is_move_allowed(project: Project, *, to_stage: str = "", to_status: str = "") -> bool:
    """Whether the map allows this move from the project's current stage and status."""
    if to_stage:
        return project.status in STAGE_MOVABLE_STATUSES and to_stage in STAGE_MOVES.get(
            project.stage, frozenset()
        )
    return to_status in STATUS_MOVES.get(project.status, frozenset())


def moves_available(*, user, project: Project) -> list[Move]:
    """The moves `user` may make now: what the move form offers (forward first)."""
    if not can_move_project(user, project):
        return []
    moves = []
    if project.status in STAGE_MOVABLE_STATUSES:
        order = list(S.values)
        targets = STAGE_MOVES.get(project.stage, frozenset())
        # Forward before back, each in pipeline order.
        current = order.index(project.stage) if project.stage else -1
        for stage in sorted(targets, key=lambda s: (order.index(s) < current, order.index(s))):
            moves.append(Move(to_stage=stage))
    for status in ST.values:
        if status not in STATUS_MOVES.get(project.status, frozenset()):
            continue
        if (project.status, status) in REOPENINGS and not can_reopen_project(user, project):
            continue
        moves.append(Move(to_status=status))
    return moves


def project_move(
    *,
    actor,
    project: Project,
    to_stage: str | None = None,
    to_status: str | None = None,
    reason: str,
    channel: str = AuditEntry.Channel.WEB,
) -> StageTransition:
    """Move `project` to another stage or status, as a recorded gate decision.

    Raises PermissionDenied when `actor` may not move it, ValidationError (French message,
    keyed by field) when the move is not in the map or the reason is missing.
    """
    require_can_move_project(actor, project)
    to_stage, to_status, reason = to_stage or "", to_status or "", (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if to_stage and to_status:
        errors["to_stage"] = [
            _("Choisissez une nouvelle étape ou un nouveau statut, pas les deux.")
        ]
    elif not (to_stage or to_status):
        errors["to_stage"] = [_("Choisissez la nouvelle étape ou le nouveau statut du projet.")]
    elif to_stage and to_stage not in S.values:
        errors["to_stage"] = [_("« %(value)s » n'est pas une étape connue.") % {"value": to_stage}]
    elif to_status and to_status not in ST.values:
        errors["to_status"] = [_("« %(value)s » n'est pas un statut connu.") % {"value": to_status}]
    if not reason:
        errors["reason"] = [
            _("Indiquez la décision ou le motif de ce passage : il reste dans l'historique.")
        ]
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        # Locked and read again: two people deciding at once must not both move from the
        # same stage.
        current = Project.objects.select_for_update().get(pk=project.pk)
        from_stage, from_status = current.stage, current.status
        _check_move(actor, current, to_stage=to_stage, to_status=to_status)
        new_stage = to_stage or from_stage
        new_status = to_status or from_status
        # A blank status (not stated by an import) becomes explicit with the first move.
        if to_stage and not from_status:
            new_status = ST.ACTIVE
        current.stage, current.status = new_stage, new_status
        current.save(update_fields=["stage", "status", "updated_at"])
        transition = StageTransition.objects.create(
            project=current,
            from_stage=from_stage,
            to_stage=new_stage,
            from_status=from_status,
            to_status=new_status,
            actor=actor if actor.is_authenticated else None,
            reason=reason,
        )
        changes = {}
        if new_stage != from_stage:
            changes["stage"] = [from_stage, new_stage]
        if new_status != from_status:
            changes["status"] = [from_status, new_status]
        changes["reason"] = reason
        audit_record(
            actor=actor,
            action=ProjectsAction.PROJECT_MOVE,
            target=current,
            changes=changes,
            channel=channel,
        )
        project.stage, project.status = new_stage, new_status
        project_written(project)
        if new_status == ST.CLOSED and from_status != ST.CLOSED:
            # Later domains act on a project's end (labnet.impact sends its survey).
            project_ended.fire(project=current, actor=actor)
    return transition


def _check_move(actor, project: Project, *, to_stage: str, to_status: str) -> None:
    if to_stage:
        if project.status not in STAGE_MOVABLE_STATUSES:
            raise ValidationError(
                {
                    "to_stage": _(
                        "Passage impossible de %(from)s à %(to)s : le projet est %(status)s ; "
                        "reprenez-le avant de changer d'étape."
                    )
                    % {
                        "from": _stage_label(project.stage),
                        "to": _stage_label(to_stage),
                        "status": _status_label(project.status),
                    }
                }
            )
        if to_stage == project.stage:
            raise ValidationError(
                {
                    "to_stage": _("Passage impossible : le projet est déjà à l'étape %(stage)s.")
                    % {"stage": _stage_label(to_stage)}
                }
            )
        if to_stage not in STAGE_MOVES.get(project.stage, frozenset()):
            raise ValidationError(
                {
                    "to_stage": _(
                        "Passage impossible de %(from)s à %(to)s : un projet avance d'une étape "
                        "à la fois, ou revient à l'étape précédente."
                    )
                    % {"from": _stage_label(project.stage), "to": _stage_label(to_stage)}
                }
            )
        return
    if to_status == project.status:
        raise ValidationError(
            {
                "to_status": _("Passage impossible : le projet est déjà %(status)s.")
                % {"status": _status_label(to_status)}
            }
        )
    if to_status not in STATUS_MOVES.get(project.status, frozenset()):
        ends = {"from": _status_label(project.status), "to": _status_label(to_status)}
        if project.status in (ST.ABANDONED, ST.CLOSED):
            message = _(
                "Passage impossible de %(from)s à %(to)s : un projet abandonné ou terminé ne "
                "peut qu'être rouvert par la coordination nationale."
            )
        else:
            message = _("Passage impossible de %(from)s à %(to)s.")
        raise ValidationError({"to_status": message % ends})
    if (project.status, to_status) in REOPENINGS and not can_reopen_project(actor, project):
        raise PermissionDenied(
            _("Seule la coordination nationale peut rouvrir un projet %(status)s.")
            % {"status": _status_label(project.status)}
        )
