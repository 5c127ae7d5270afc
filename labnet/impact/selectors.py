"""Reads of impact, in a fixed number of queries whatever the number of rows.

`IndicatorView` pairs an indicator with its measured values (oldest first), its current
value (the latest) and its `progress` (labnet.impact.progress, the one computation).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, Prefetch, Q

from labnet.accounts.rules import is_coordinator, lab_roles
from labnet.projects.models import Project
from labnet.projects.rules import visible_projects_filter

from .enums import WithoutLab
from .models import ImpactSurvey, Indicator, Measurement
from .progress import Progress, indicator_progress
from .rules import can_see_all_indicators


@dataclass
class IndicatorView:
    indicator: Indicator
    measurements: list[Measurement] = field(default_factory=list)

    @property
    def latest(self) -> Measurement | None:
        return self.measurements[-1] if self.measurements else None

    @property
    def current(self) -> Decimal | None:
        latest = self.latest
        return latest.value if latest is not None else None

    @property
    def progress(self) -> Progress:
        if not hasattr(self, "_progress"):
            self._progress = indicator_progress(self.indicator, current=self.current)
        return self._progress


def _measurements(*, documents: bool = True):
    """Measured values, oldest first; `documents`: with their source document (the team's
    page shows its title; the sheet, the roadmaps and the API do not need it)."""
    queryset = Measurement.objects.all()
    if documents:
        queryset = queryset.select_related("source_document")
    return Prefetch("measurements", queryset=queryset)


def _views(indicators) -> list[IndicatorView]:
    return [
        IndicatorView(
            i,
            i.latest_measurements
            if hasattr(i, "latest_measurements")
            else list(i.measurements.all()),
        )
        for i in indicators
    ]


def project_indicators(*, project: Project, user) -> list[IndicatorView]:
    """The indicators `user` may read on `project` (which they may read): all of them for
    the project's team, the public ones for everyone else. Two queries."""
    indicators = Indicator.objects.filter(project=project).prefetch_related(_measurements())
    if not can_see_all_indicators(user, project):
        indicators = indicators.filter(is_public=True)
    return _views(indicators)


def _latest_measurement():
    """Only the current (latest) value of each indicator: one row per indicator, picked by
    the database (a window function), whatever the length of its history."""
    latest = Measurement.objects.order_by(F("measured_on").desc(nulls_last=True), "-pk").only(
        "indicator_id", "value", "measured_on"
    )
    return Prefetch("measurements", queryset=latest[:1], to_attr="latest_measurements")


def public_indicators_by_project(project_ids) -> dict[int, list[IndicatorView]]:
    """Public indicators of the given projects with their current value, by project id
    (what the sheet and the roadmaps show). Two queries."""
    indicators = Indicator.objects.filter(
        project_id__in=list(project_ids), is_public=True
    ).prefetch_related(_latest_measurement())
    by_project: dict[int, list[IndicatorView]] = {}
    for view in _views(indicators):
        by_project.setdefault(view.indicator.project_id, []).append(view)
    return by_project


def visible_indicators_filter(user) -> Q:
    """Indicators `user` may read: public ones of projects they may read, and every one
    of the projects their labs work on (lead or partner). The coordinator reads all."""
    if is_coordinator(user):
        return Q()
    # The project rule applied through the join: the database walks indicators (far fewer
    # than projects) and checks each one's project, instead of listing every visible
    # project first.
    readable = Q(is_public=True) & _through_project(visible_projects_filter(user))
    lab_ids = list(lab_roles(user)) if user and user.is_authenticated else []
    if not lab_ids:
        return readable
    team = Q(project__lead_lab_id__in=lab_ids) | Q(
        project_id__in=Project.partner_labs.through.objects.filter(lab_id__in=lab_ids).values(
            "project_id"
        )
    )
    return readable | team


def _through_project(q: Q) -> Q:
    """A filter on Project rewritten for Indicator (`is_public` -> `project__is_public`)."""
    rewritten = Q()
    rewritten.connector, rewritten.negated = q.connector, q.negated
    rewritten.children = [
        _through_project(child) if isinstance(child, Q) else (f"project__{child[0]}", child[1])
        for child in q.children
    ]
    return rewritten


# What the API lists of an indicator (its project by key only).
INDICATOR_FIELDS = (
    "key",
    "project",
    "name",
    "unit",
    "direction",
    "baseline_value",
    "baseline_on",
    "target_value",
    "target_on",
    "is_public",
)


def indicator_list(*, user, project_key: str = "", lab_key: str = ""):
    """A queryset of the indicators `user` may read (filters: a project, a lab as lead or
    partner); measured values prefetched by whoever pages it."""
    indicators = (
        Indicator.objects.filter(visible_indicators_filter(user))
        .select_related("project")
        .only(*INDICATOR_FIELDS, "project__key")
    )
    if project_key:
        indicators = indicators.filter(project__key=project_key)
    if lab_key:
        # Subqueries, not a join on the partner labs: no duplicated rows, no DISTINCT.
        partnered = Project.partner_labs.through.objects.filter(lab__key=lab_key)
        indicators = indicators.filter(
            Q(project__lead_lab__key=lab_key) | Q(project_id__in=partnered.values("project_id"))
        )
    return indicators.order_by("pk").prefetch_related(_measurements(documents=False))


def indicator_get_visible(*, user, key: str) -> Indicator:
    """Raises Indicator.DoesNotExist when `user` may not read it."""
    return (
        Indicator.objects.filter(visible_indicators_filter(user))
        .select_related("project", "project__lead_lab")
        .prefetch_related("project__partner_labs", _measurements())
        .get(key=key)
    )


# --- survey figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyFigures:
    sent: int
    answered: int
    # Among answers saying whether it would have advanced: those saying "no".
    would_not_have_advanced: int
    counterfactual_answers: int
    mean_satisfaction: Decimal | None

    @property
    def share_would_not(self) -> Decimal | None:
        """Share (0-100, one decimal) of "would not have advanced without the lab"."""
        if not self.counterfactual_answers:
            return None
        share = Decimal(self.would_not_have_advanced * 100) / self.counterfactual_answers
        return share.quantize(Decimal("0.1"))


def survey_figures(*, lab=None) -> SurveyFigures:
    """What the surveys say, for one lab or (lab=None) the whole network. One query."""
    surveys = ImpactSurvey.objects.all()
    if lab is not None:
        surveys = surveys.filter(lab=lab)
    answered = Q(answered_at__isnull=False)
    row = surveys.aggregate(
        sent=Count("pk"),
        answered=Count("pk", filter=answered),
        would_not=Count("pk", filter=answered & Q(would_have_advanced=WithoutLab.NO)),
        counterfactual=Count("pk", filter=answered & ~Q(would_have_advanced="")),
        satisfaction=Avg("satisfaction", filter=answered),
    )
    mean = row["satisfaction"]
    return SurveyFigures(
        sent=row["sent"],
        answered=row["answered"],
        would_not_have_advanced=row["would_not"],
        counterfactual_answers=row["counterfactual"],
        mean_satisfaction=Decimal(str(mean)).quantize(Decimal("0.1")) if mean is not None else None,
    )


def project_for_impact(*, user, key: str) -> Project:
    """A project `user` may read, with what the impact rules look at (lead and partner
    labs). Raises Project.DoesNotExist otherwise. Two queries."""
    return (
        Project.objects.filter(visible_projects_filter(user))
        .select_related("lead_lab")
        .prefetch_related("partner_labs")
        .get(key=key)
    )
