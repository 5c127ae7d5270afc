"""What a dashboard counts: the whole network or one lab, as the public or with its
internal side (stats.rules), under the filters. Every section builds its querysets here,
so the same project, request or event is in or out of every figure alike."""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import BooleanField, Q, Value
from django.utils.translation import get_language

from labnet.projects.models import Project

from ..filters import StatsFilters
from ..rules import sees_internal_figures


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
        queryset = Project.objects.all()
        if not self.internal:
            queryset = queryset.filter(is_public=True)
        if self.lab is not None:
            queryset = queryset.filter(pk__in=sorted(self.lab_projects))
        return self.narrow_projects(queryset)

    @cached_property
    def lab_projects(self) -> dict[int, bool]:
        """{project id: whether the lab leads it} of the lab's projects (lead or partner),
        in one query read once per dashboard. The ids, not a subquery: "leads it OR is a
        partner" as a subquery made the database read every project."""
        lead = Value(True, output_field=BooleanField())
        partner = Value(False, output_field=BooleanField())
        led = Project.objects.filter(lead_lab=self.lab).order_by()
        partnered = Project.partner_labs.through.objects.filter(lab=self.lab).order_by()
        rows = (
            led.annotate(lead=lead)
            .values_list("pk", "lead")
            .union(partnered.annotate(lead=partner).values_list("project_id", "lead"))
        )
        projects: dict[int, bool] = {}
        for pk, leads in rows:
            projects[pk] = projects.get(pk, False) or bool(leads)
        return projects

    @cached_property
    def lab_project_ids(self) -> list[int]:
        """The ids of `projects()` on a lab's dashboard (a few thousand at most): what
        other tables are filtered by, on their indexed project column."""
        return list(self.projects().order_by("pk").values_list("pk", flat=True))

    def counted_projects(self):
        """`projects()` as a subquery (national) or the lab's ids (a lab's dashboard)."""
        return self.lab_project_ids if self.lab is not None else self.projects().values("pk")

    @property
    def led_project_ids(self) -> list[int]:
        return sorted(pk for pk, leads in self.lab_projects.items() if leads)

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
