"""Median days per stage from the recorded transitions."""

import datetime

import pytest
from django.utils import timezone

from labnet.projects.cycle_time import stage_cycle_times
from labnet.projects.enums import Stage
from labnet.projects.models import Project, StageTransition
from tests.factories import LabFactory, ProjectFactory, SourceFactory

pytestmark = pytest.mark.django_db

T0 = timezone.make_aware(datetime.datetime(2025, 1, 1, 9, 0))


def _day(n):
    return T0 + datetime.timedelta(days=n)


def _history(lab, moves, *, created=0, source=None):
    """moves: [(day, from_stage, to_stage)]; stage-changing or not."""
    project = ProjectFactory(lead_lab=lab, source=source)
    Project.objects.filter(pk=project.pk).update(created_at=_day(created))
    for day, from_stage, to_stage in moves:
        t = StageTransition.objects.create(
            project=project,
            from_stage=from_stage,
            to_stage=to_stage,
            reason="x",
            from_status="active",
            to_status="active",
        )
        StageTransition.objects.filter(pk=t.pk).update(created_at=_day(day))
    return project


def _medians(rows):
    return {r.stage: (r.median_days, r.project_count) for r in rows}


def test_medians_per_stage_for_a_lab_and_the_network():
    lab, other = LabFactory(), LabFactory()
    # framing 10 days, immersion 20 days, then in ideation (running: not counted)
    _history(lab, [(10, "framing", "immersion"), (30, "immersion", "ideation")])
    # framing 4 days, immersion 6 + (back to framing 2) + immersion again 4 = 10 days
    _history(
        lab,
        [
            (4, "framing", "immersion"),
            (10, "immersion", "framing"),
            (12, "framing", "immersion"),
            (16, "immersion", "ideation"),
        ],
    )
    # another lab: framing 30 days; a status move (same stage) does not end the stay
    _history(other, [(5, "framing", "framing"), (30, "framing", "immersion")])

    lab_rows = _medians(stage_cycle_times(lab=lab))
    assert lab_rows["framing"] == (8.0, 2)  # 10 and 4 + 2 = 6 -> median 8
    assert lab_rows["immersion"] == (15.0, 2)  # 20 and 10
    assert lab_rows["ideation"] == (None, 0)
    network = _medians(stage_cycle_times())
    assert network["framing"] == (10.0, 3)  # 6, 10, 30
    assert [r.stage for r in stage_cycle_times()] == list(Stage.values)


def test_an_imported_projects_first_stay_is_unknown():
    lab = LabFactory()
    _history(
        lab,
        [(50, "deployment", "scaling")],
        source=SourceFactory(),
    )
    rows = _medians(stage_cycle_times(lab=lab))
    assert rows["deployment"] == (None, 0)


def test_one_query(django_assert_num_queries):
    lab = LabFactory()
    for _ in range(3):
        _history(lab, [(3, "framing", "immersion")])
    with django_assert_num_queries(1):
        stage_cycle_times(lab=lab)
