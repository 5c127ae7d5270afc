"""How long projects stay in each stage, from the recorded stage transitions.

A stay in a stage runs from the move into it to the move out of it. The first stay starts
when the project was created on LabNet; for projects imported from documents (they have a
`source`) the date they really entered their first stage is unknown, so that first stay is
left out. Stays still running are left out too: a median of finished stays only. When a
project goes through a stage twice (sent back by a gate), its stays add up.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F

from .enums import Stage
from .models import StageTransition

SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class StageCycleTime:
    stage: str
    label: str
    median_days: float | None  # None: no finished stay in this stage yet
    project_count: int  # projects with a finished stay in it


def _stays(transitions):
    """{stage: {project_id: seconds}} from stage-changing transitions in project order."""
    totals: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    project_id = None
    entered_at = None
    for pid, from_stage, at, created_at, imported in transitions:
        if pid != project_id:
            project_id = pid
            entered_at = None if imported else created_at
        if entered_at is not None and from_stage:
            totals[from_stage][pid] += max((at - entered_at).total_seconds(), 0)
        entered_at = at
    return totals


def stage_cycle_times(*, lab=None) -> list[StageCycleTime]:
    """Median days spent in each stage, for the projects `lab` leads, or the whole network.

    One query; the transitions are streamed, so memory stays flat over the network's.
    """
    transitions = StageTransition.objects.exclude(from_stage=F("to_stage"))
    if lab is not None:
        transitions = transitions.filter(project__lead_lab=lab)
    rows = transitions.order_by("project_id", "created_at", "id").values_list(
        "project_id",
        "from_stage",
        "created_at",
        "project__created_at",
        "project__source_id",
    )
    totals = _stays(
        (pid, from_stage, at, created_at, source_id is not None)
        for pid, from_stage, at, created_at, source_id in rows.iterator(chunk_size=2000)
    )
    result = []
    for stage in Stage:
        per_project = totals.get(stage.value, {})
        days = [seconds / SECONDS_PER_DAY for seconds in per_project.values()]
        result.append(
            StageCycleTime(
                stage=stage.value,
                label=stage.label,
                median_days=round(statistics.median(days), 1) if days else None,
                project_count=len(days),
            )
        )
    return result
