from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from labnet.projects.enums import ProjectStatus, Stage
from labnet.projects.models import Project
from labnet.projects.selectors import (
    PortfolioFilters,
    labs_for_take_up,
    portfolio_board,
    portfolio_projects,
    project_get_workspace,
    project_team_memberships,
)
from tests.factories import MembershipFactory, ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_workspace_is_for_the_project_teams_and_the_coordinator(
    project, lab_member, partner_member, coordinator, outsider, agent
):
    for user in (lab_member, partner_member, coordinator):
        assert project_get_workspace(user=user, key=project.key) == project
    for user in (outsider, agent):
        with pytest.raises(Project.DoesNotExist):  # unpublished: as if it did not exist
            project_get_workspace(user=user, key=project.key)
    Project.objects.filter(pk=project.pk).update(is_public=True)
    with pytest.raises(PermissionDenied):  # published: the sheet yes, the internals no
        project_get_workspace(user=outsider, key=project.key)


def test_portfolio_holds_led_and_partnered_projects_with_filters(lab, lab_member, partner_lab):
    theme = ThemeFactory(key="sante")
    led = ProjectFactory(lead_lab=lab, title="Alpha", stage=Stage.TESTING, private=True)
    led.themes.add(theme)
    partnered = ProjectFactory(lead_lab=partner_lab, title="Bêta", status=ProjectStatus.CLOSED)
    partnered.partner_labs.add(lab)
    ProjectFactory(lead_lab=partner_lab, title="Ailleurs")

    def titles(**filters):
        return [
            p.title
            for p in portfolio_projects(
                user=lab_member, lab=lab, filters=PortfolioFilters(**filters)
            )
        ]

    assert titles() == ["Alpha", "Bêta"]
    assert titles(stage="testing") == ["Alpha"]
    assert titles(status="closed") == ["Bêta"]
    assert titles(theme="sante") == ["Alpha"]
    assert titles(published="yes") == ["Bêta"]
    assert titles(published="no") == ["Alpha"]
    assert titles(q="bêta") == ["Bêta"]


def test_portfolio_is_the_labs_own(lab, outsider, coordinator):
    with pytest.raises(PermissionDenied):
        portfolio_projects(user=outsider, lab=lab)
    with pytest.raises(PermissionDenied):
        portfolio_board(user=outsider, lab=lab)
    assert list(portfolio_projects(user=coordinator, lab=lab)) == []


def test_board_has_a_column_per_stage_and_leaves_finished_projects_out(lab, lab_member):
    ProjectFactory(lead_lab=lab, title="En test", stage=Stage.TESTING)
    ProjectFactory(lead_lab=lab, title="En pause", stage=Stage.TESTING, status=ProjectStatus.PAUSED)
    ProjectFactory(lead_lab=lab, title="Fini", stage=Stage.SCALING, status=ProjectStatus.CLOSED)
    ProjectFactory(lead_lab=lab, title="Sans étape", stage="")

    board = portfolio_board(user=lab_member, lab=lab)

    assert [c.stage for c in board] == [*Stage.values, ""]
    by_stage = {c.stage: sorted(p.title for p in c.projects) for c in board}
    assert by_stage["testing"] == ["En pause", "En test"]
    assert by_stage["scaling"] == []
    assert by_stage[""] == ["Sans étape"]


def test_team_memberships_and_labs_for_take_up(project, lab, lab_member, partner_member, other_lab):
    MembershipFactory(lab=other_lab)
    assert [m.user for m in project_team_memberships(project=project)] == sorted(
        [lab_member, partner_member], key=lambda u: u.full_name
    )
    MembershipFactory(lab=other_lab, user=lab_member)
    assert list(labs_for_take_up(user=lab_member, project=project)) == [other_lab]


def test_board_columns_show_their_count_and_the_most_recent_cards(lab, lab_member):
    now = timezone.now()
    for n, minutes_ago in enumerate([30, 5, 20, 10, 40]):
        project = ProjectFactory(lead_lab=lab, title=f"Test {n}", stage=Stage.TESTING)
        Project.objects.filter(pk=project.pk).update(
            updated_at=now - timedelta(minutes=minutes_ago)
        )
    ProjectFactory(lead_lab=lab, title="Idée", stage=Stage.values[0])

    board = portfolio_board(user=lab_member, lab=lab, per_column=2)

    by_stage = {c.stage: c for c in board}
    assert by_stage[Stage.TESTING].total == 5
    assert [p.title for p in by_stage[Stage.TESTING].projects] == ["Test 1", "Test 3"]
    first = by_stage[Stage.values[0]]
    assert (first.total, [p.title for p in first.projects]) == (1, ["Idée"])
