"""The transition service and its map of allowed moves."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from labnet.core.models import AuditEntry
from labnet.projects.enums import ProjectStatus, Stage
from labnet.projects.models import Project, StageTransition
from labnet.projects.pipeline import STAGE_MOVES, is_move_allowed, moves_available, project_move

pytestmark = pytest.mark.django_db

ORDER = list(Stage.values)


def _reload(project):
    return Project.objects.get(pk=project.pk)


def test_forward_move_is_recorded_with_its_reason_and_audited(project, lab_member):
    transition = project_move(
        actor=lab_member, project=project, to_stage=Stage.IMMERSION, reason="  Cadrage validé  "
    )

    assert _reload(project).stage == Stage.IMMERSION
    assert project.stage == Stage.IMMERSION  # the caller's instance follows
    assert (
        transition.from_stage,
        transition.to_stage,
        transition.from_status,
        transition.to_status,
        transition.actor,
        transition.reason,
    ) == ("framing", "immersion", "active", "active", lab_member, "Cadrage validé")
    entry = AuditEntry.objects.get(action="projects.project_move")
    assert entry.actor == lab_member
    assert entry.target_id == str(project.pk)
    assert entry.changes == {"stage": ["framing", "immersion"], "reason": "Cadrage validé"}


def test_back_one_stage_is_allowed(project, lab_member):
    project_move(actor=lab_member, project=project, to_stage=Stage.IMMERSION, reason="Go")
    project_move(actor=lab_member, project=project, to_stage=Stage.FRAMING, reason="À recadrer")
    assert _reload(project).stage == Stage.FRAMING
    assert StageTransition.objects.count() == 2


def test_skipping_a_stage_is_refused_with_a_clear_message_and_nothing_changes(project, lab_member):
    with pytest.raises(ValidationError) as exc:
        project_move(actor=lab_member, project=project, to_stage=Stage.IDEATION, reason="Vite")

    assert exc.value.message_dict == {
        "to_stage": [
            "Passage impossible de cadrage à idéation : un projet avance d'une étape à la fois, "
            "ou revient à l'étape précédente."
        ]
    }
    assert _reload(project).stage == Stage.FRAMING
    assert not StageTransition.objects.exists()
    assert not AuditEntry.objects.filter(action="projects.project_move").exists()


def test_missing_reason_is_refused_and_nothing_changes(project, lab_member):
    with pytest.raises(ValidationError) as exc:
        project_move(actor=lab_member, project=project, to_stage=Stage.IMMERSION, reason="   ")

    assert exc.value.message_dict == {
        "reason": ["Indiquez la décision ou le motif de ce passage : il reste dans l'historique."]
    }
    assert _reload(project).stage == Stage.FRAMING
    assert not StageTransition.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "Choisissez la nouvelle étape ou le nouveau statut du projet."),
        (
            {"to_stage": Stage.IMMERSION, "to_status": ProjectStatus.PAUSED},
            "Choisissez une nouvelle étape ou un nouveau statut, pas les deux.",
        ),
        ({"to_stage": "nowhere"}, "« nowhere » n'est pas une étape connue."),
    ],
)
def test_a_move_names_one_known_target(project, lab_member, kwargs, message):
    with pytest.raises(ValidationError) as exc:
        project_move(actor=lab_member, project=project, reason="Motif", **kwargs)
    assert exc.value.message_dict["to_stage"] == [message]


def test_staying_in_the_same_stage_is_not_a_silent_no_op(project, lab_member):
    with pytest.raises(ValidationError) as exc:
        project_move(actor=lab_member, project=project, to_stage=Stage.FRAMING, reason="Rien")
    assert exc.value.messages == ["Passage impossible : le projet est déjà à l'étape cadrage."]


@pytest.mark.parametrize(("from_stage", "to_stage"), list(itertools.permutations(ORDER, 2)))
def test_the_map_allows_exactly_the_next_and_the_previous_stage(from_stage, to_stage):
    project = Project(stage=from_stage, status=ProjectStatus.ACTIVE)
    adjacent = abs(ORDER.index(from_stage) - ORDER.index(to_stage)) == 1
    assert is_move_allowed(project, to_stage=to_stage) is adjacent
    assert (to_stage in STAGE_MOVES[from_stage]) is adjacent


def test_pause_then_resume(project, lab_member):
    project_move(actor=lab_member, project=project, to_status=ProjectStatus.PAUSED, reason="Été")
    assert _reload(project).status == ProjectStatus.PAUSED

    project_move(
        actor=lab_member, project=project, to_status=ProjectStatus.ACTIVE, reason="Reprise"
    )

    project = _reload(project)
    assert (project.stage, project.status) == (Stage.FRAMING, ProjectStatus.ACTIVE)
    assert list(StageTransition.objects.values_list("from_status", "to_status")) == [
        ("active", "paused"),
        ("paused", "active"),
    ]


def test_a_paused_project_does_not_change_stage(project, lab_member):
    project_move(actor=lab_member, project=project, to_status=ProjectStatus.PAUSED, reason="Été")

    with pytest.raises(ValidationError) as exc:
        project_move(actor=lab_member, project=project, to_stage=Stage.IMMERSION, reason="Go")

    assert exc.value.messages == [
        "Passage impossible de cadrage à immersion : le projet est en pause ; reprenez-le avant "
        "de changer d'étape."
    ]


@pytest.mark.parametrize("start", [ProjectStatus.ACTIVE, ProjectStatus.PAUSED])
@pytest.mark.parametrize("end", [ProjectStatus.ABANDONED, ProjectStatus.CLOSED])
def test_abandon_or_close_from_active_or_paused(project, lab_member, start, end):
    Project.objects.filter(pk=project.pk).update(status=start)
    project.status = start
    project_move(actor=lab_member, project=project, to_status=end, reason="Décision du COPIL")
    assert _reload(project).status == end


@pytest.mark.parametrize("finished", [ProjectStatus.ABANDONED, ProjectStatus.CLOSED])
def test_nothing_leaves_a_finished_project_but_the_coordinators_reopening(
    project, lab_member, coordinator, finished
):
    Project.objects.filter(pk=project.pk).update(status=finished)
    project.status = finished
    label = {"abandoned": "abandonné", "closed": "terminé"}[finished]

    with pytest.raises(ValidationError) as exc:
        project_move(actor=lab_member, project=project, to_status=ProjectStatus.PAUSED, reason="x")
    assert exc.value.messages == [
        f"Passage impossible de {label} à en pause : un projet abandonné ou terminé ne peut "
        "qu'être rouvert par la coordination nationale."
    ]
    with pytest.raises(ValidationError):
        project_move(actor=lab_member, project=project, to_stage=Stage.IMMERSION, reason="x")
    with pytest.raises(PermissionDenied) as denied:
        project_move(actor=lab_member, project=project, to_status=ProjectStatus.ACTIVE, reason="x")
    assert str(denied.value) == f"Seule la coordination nationale peut rouvrir un projet {label}."
    assert not StageTransition.objects.exists()

    project_move(
        actor=coordinator, project=project, to_status=ProjectStatus.ACTIVE, reason="Relance"
    )

    assert _reload(project).status == ProjectStatus.ACTIVE


def test_only_the_lead_labs_team_and_the_coordinator_move_a_project(
    project, lab_member, lab_lead, partner_member, outsider, agent, coordinator
):
    for user in (partner_member, outsider, agent, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            project_move(actor=user, project=project, to_stage=Stage.IMMERSION, reason="x")
    assert not StageTransition.objects.exists()

    project_move(actor=lab_lead, project=project, to_stage=Stage.IMMERSION, reason="Lead")
    project_move(actor=coordinator, project=project, to_stage=Stage.IDEATION, reason="Coord")
    assert _reload(project).stage == Stage.IDEATION


def test_an_unstated_stage_may_be_set_to_any_stage(project, lab_member):
    Project.objects.filter(pk=project.pk).update(stage="", status="")
    project.stage, project.status = "", ""

    project_move(actor=lab_member, project=project, to_stage=Stage.TESTING, reason="Constat")

    project = _reload(project)
    assert (project.stage, project.status) == (Stage.TESTING, ProjectStatus.ACTIVE)


def test_the_move_checks_the_stored_stage_not_a_stale_instance(project, lab_member):
    stale = Project.objects.get(pk=project.pk)
    project_move(actor=lab_member, project=project, to_stage=Stage.IMMERSION, reason="Go")

    # `stale` still says framing; the database says immersion, so the step back is legal...
    project_move(actor=lab_member, project=stale, to_stage=Stage.FRAMING, reason="Retour")
    assert _reload(project).stage == Stage.FRAMING


def test_moves_offered_follow_the_map_and_the_role(
    project, lab_member, partner_member, coordinator
):
    def offered(user, proj):
        return [move.value for move in moves_available(user=user, project=proj)]

    assert offered(lab_member, project) == [
        "stage:immersion",
        "status:paused",
        "status:abandoned",
        "status:closed",
    ]
    assert offered(partner_member, project) == []
    project.stage = Stage.IDEATION
    assert offered(lab_member, project)[:2] == ["stage:prototyping", "stage:immersion"]
    project.status = ProjectStatus.CLOSED
    assert offered(lab_member, project) == []
    assert offered(coordinator, project) == ["status:active"]
