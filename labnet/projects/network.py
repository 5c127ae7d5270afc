"""The network seen through its projects: the home page's figures, published projects
counted by lab, and who each lab works with (cooperations)."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from labnet.labs.enums import LabKind, LabStatus
from labnet.labs.models import Lab
from labnet.organisations.models import Organisation

from .models import CooperationLink, Project
from .rules import visible_projects_filters


def lab_public_project_counts(*, lab_ids) -> dict[int, int]:
    """Published projects led by each of `lab_ids`: counted for one page of labs only."""
    rows = (
        Project.objects.public()
        .filter(lead_lab_id__in=list(lab_ids))
        .values_list("lead_lab_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


@dataclass(frozen=True)
class NetworkFigures:
    labs: int
    active_labs: int
    territorial_labs: int
    labs_in_preparation: int
    regions_covered: int
    overseas_regions_covered: int
    organisations: int
    public_projects: int
    public_reuses: int
    labs_by_kind: list[tuple[str, int]]


def network_figures() -> NetworkFigures:
    """The network in figures, computed from the data (home page)."""
    by_kind = dict(Lab.objects.values_list("kind").annotate(n=Count("id")).order_by())
    lab_totals = Lab.objects.aggregate(
        labs=Count("id"),
        active=Count("id", filter=Q(status=LabStatus.ACTIVE)),
        territorial=Count("id", filter=Q(kind=LabKind.TERRITORIAL) & ~Q(status=LabStatus.CLOSED)),
        preparing=Count("id", filter=Q(status=LabStatus.IN_PREPARATION)),
        regions=Count("region", distinct=True),
        overseas=Count("region", filter=Q(region__is_overseas=True), distinct=True),
    )
    return NetworkFigures(
        labs=lab_totals["labs"],
        active_labs=lab_totals["active"],
        territorial_labs=lab_totals["territorial"],
        labs_in_preparation=lab_totals["preparing"],
        regions_covered=lab_totals["regions"],
        overseas_regions_covered=lab_totals["overseas"],
        organisations=Organisation.objects.count(),
        **_public_project_counts(),
        labs_by_kind=[(label, by_kind.get(value, 0)) for value, label in LabKind.choices],
    )


def _public_project_counts() -> dict[str, int]:
    # COUNT(*), not COUNT(id): both come from the index on (is_public, scaled_from) alone,
    # without reading the rows (an index-only scan on PostgreSQL).
    return Project.objects.public().aggregate(
        public_projects=Count("*"),
        # Scaling up counts: each published project that takes up another one.
        # COUNT(scaled_from_id) counts the rows where it is set.
        public_reuses=Count("scaled_from"),
    )


@dataclass
class Cooperation:
    """Another lab and what `lab` shares with it: projects run together, take-ups."""

    lab: Lab
    projects: list[Project] = field(default_factory=list)
    take_ups: list[Project] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.projects) + len(self.take_ups)


@dataclass(frozen=True)
class LabCooperations:
    # Projects `lab` runs with at least one other lab; each carries `other_labs`.
    projects: list[Project]
    # Take-ups across labs involving `lab`: each project with its `scaled_from` loaded.
    take_ups: list[Project]
    # Labs ranked by projects shared plus take-ups between them, most first.
    partners: list[Cooperation]


def lab_cooperations(*, lab: Lab, user) -> LabCooperations:
    """Who `lab` works with, counted only on projects `user` may read.

    A project's labs are its lead lab and its partner labs: two labs cooperate on it when
    both are among them. A take-up counts between the lead lab of the project that takes
    up and the lead lab of the project taken up (both readable). Read from the precomputed
    links (`CooperationLink`, docs/adr/0057-precomputed-cooperations.md): two queries at
    most (the reader's memberships, the links), whatever the number of the lab's projects.
    """
    on_project, on_origin = visible_projects_filters(user, "project__", "origin__")
    links = (
        CooperationLink.objects.filter(lab=lab)
        .filter(on_project)
        .filter(Q(origin__isnull=True) | on_origin)
        .select_related("other_lab", "project__lead_lab", "origin__lead_lab")
        .order_by("project__title", "project__key", "origin_id", "other_lab__name", "other_lab_id")
    )
    partners: dict[int, Cooperation] = {}
    shared: dict[int, Project] = {}
    take_ups = []
    for link in links:
        other = link.other_lab
        cooperation = partners.setdefault(other.pk, Cooperation(other))
        if link.origin_id is None:
            project = shared.setdefault(link.project_id, link.project)
            if not hasattr(project, "other_labs"):
                project.other_labs = []
            project.other_labs.append(other)
            cooperation.projects.append(project)
        else:
            link.project.scaled_from = link.origin
            take_ups.append(link.project)
            cooperation.take_ups.append(link.project)
    for project in shared.values():
        # The lead lab first, then the partners by name (as on the project's sheet).
        project.other_labs.sort(key=lambda other: other.pk != project.lead_lab_id)

    ranked = sorted(
        partners.values(),
        key=lambda c: (-c.total, -len(c.projects), c.lab.name.lower(), c.lab.key),
    )
    return LabCooperations(projects=list(shared.values()), take_ups=take_ups, partners=ranked)
