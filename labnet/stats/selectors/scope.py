"""What a dashboard counts: the whole network or one lab, as the public or with its
internal side (stats.rules), under the filters. Every section builds its querysets here,
so the same project, request or event is in or out of every figure alike."""

from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from django.db.models import BooleanField, Q, Value
from django.utils.translation import get_language

from labnet.projects.models import Project

from ..filters import StatsFilters
from ..rules import sees_internal_figures


class LabProject(NamedTuple):
    """One of a lab's projects, as its dashboard filters and groups it (`Scope.lab_rows`)."""

    pk: int
    lead: bool
    is_public: bool
    stage: str
    region_id: str | None
    lead_lab_id: int | None
    lead_lab_region_id: str | None
    started_year: int | None
    scaled_from_id: int | None


@dataclass(frozen=True)
class Scope:
    user: object
    filters: StatsFilters
    lab: object | None
    internal: bool
    # When the national figures come from the precomputed facts (stats.freshness): the
    # build read, whose date the pages show; None when computed live.
    build: object | None = None

    @classmethod
    def of(cls, *, user, filters: StatsFilters, lab=None) -> "Scope":
        from ..freshness import current_build

        return cls(
            user=user,
            filters=filters,
            lab=lab,
            internal=sees_internal_figures(user, lab=lab),
            # A lab's figures are few and indexed: always live.
            build=current_build() if lab is None else None,
        )

    @property
    def facts(self) -> bool:
        return self.build is not None

    @property
    def reader(self):
        """Whom the domains' own visibility rules are asked about: the reader when they see
        more here, nobody (the public) otherwise; a lab's team thus never brings its own
        lab's internal figures into the national ones."""
        return self.user if self.internal else None

    @property
    def english(self) -> bool:
        return (get_language() or "fr").startswith("en")

    def projects(self, prefix: str = ""):
        """Projects counted: published ones (every one for the internal side), of the lab
        (lead or partner), started in the year, in the region (the project's, or its lead
        lab's when the project names none)."""
        if self.lab is not None:
            # Already filtered in Python from the lab's rows (`lab_rows`).
            return Project.objects.filter(pk__among=self.lab_project_ids)
        queryset = Project.objects.all()
        if not self.internal:
            queryset = queryset.filter(is_public=True)
        return self.narrow_projects(queryset)

    @cached_property
    def lab_rows(self) -> list[LabProject]:
        """The lab's projects (lead or partner) with the columns the figures filter and
        group by, in ONE query read once per dashboard (a few thousand rows at most: the
        busiest lab has 2,700). The filters and the projects' groups are then applied in
        Python, where a query per section with the ids as a list of thousands of constants
        cost PostgreSQL its planning and parallel workers each time. A union rather than
        "leads it OR is a partner": that OR made the database read every project."""
        columns = (
            "pk",
            "lead",
            "is_public",
            "stage",
            "region_id",
            "lead_lab_id",
            "lead_lab__region_id",
            "started_year",
            "scaled_from_id",
        )
        led = Project.objects.filter(lead_lab=self.lab).annotate(
            lead=Value(True, output_field=BooleanField())
        )
        partnered = Project.objects.filter(
            pk__in=Project.partner_labs.through.objects.filter(lab=self.lab).values("project_id")
        ).annotate(lead=Value(False, output_field=BooleanField()))
        rows = (
            led.order_by().values_list(*columns).union(partnered.order_by().values_list(*columns))
        )
        projects: dict[int, LabProject] = {}
        for row in rows:
            project = LabProject(*row)
            # Led and partnered at once (a lab among its own project's partners): it leads it.
            if project.pk not in projects or project.lead:
                projects[project.pk] = project
        return sorted(projects.values(), key=lambda project: project.pk)

    @cached_property
    def counted_lab_rows(self) -> list[LabProject]:
        """`lab_rows` that the dashboard counts: published ones (every one for the internal
        side), under the filters (the rules of `narrow_projects`)."""
        year, region = self.filters.year, self.filters.region
        return [
            row
            for row in self.lab_rows
            if (self.internal or row.is_public)
            and (year is None or row.started_year == year)
            and (
                not region
                or row.region_id == region
                or (row.region_id is None and row.lead_lab_region_id == region)
            )
        ]

    @property
    def lab_projects(self) -> dict[int, bool]:
        """{project id: whether the lab leads it} of the lab's projects (lead or partner)."""
        return {row.pk: row.lead for row in self.lab_rows}

    @cached_property
    def lab_project_ids(self) -> list[int]:
        """The ids of `projects()` on a lab's dashboard (a few thousand at most): what
        other tables are filtered by, on their indexed project column."""
        return [row.pk for row in self.counted_lab_rows]

    def counted_projects_q(self, field: str) -> Q:
        """Rows whose `field` is one of `projects()`: the lab's ids as one parameter (a
        lab's dashboard, core.among), `projects()` as a subquery (national)."""
        if self.lab is not None:
            return Q(**{f"{field}__among": self.lab_project_ids})
        return Q(**{f"{field}__in": self.projects().values("pk")})

    @property
    def led_project_ids(self) -> list[int]:
        return [row.pk for row in self.lab_rows if row.lead]

    def narrow_projects(self, queryset):
        """Projects started in the filtered year, in the filtered region."""
        if self.filters.year is not None:
            queryset = queryset.filter(started_year=self.filters.year)
        if self.filters.region:
            queryset = queryset.filter(
                Q(region_id=self.filters.region)
                | Q(region__isnull=True, lead_lab__region_id=self.filters.region)
            )
        return queryset
