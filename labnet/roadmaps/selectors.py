"""Reads of roadmaps, in a fixed number of queries whatever the number of axes and items.

`roadmap_detail` builds the page: axes with their groups and items, each item with its
project (when the reader may see it), stage and public indicators (progress computed by
labnet.impact.progress), a roll-up per axis, and the counts the source states beside
those counted here.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Func, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from labnet.accounts.rules import is_coordinator
from labnet.impact.selectors import IndicatorView, public_indicators_by_project
from labnet.projects.enums import Stage
from labnet.projects.models import Project
from labnet.projects.rules import visible_projects_filter
from labnet.search.selectors import similar_memory

from .models import Axis, Group, Item, Roadmap
from .search import KIND


def _count(queryset):
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values("pk")
            .annotate(n=Func("pk", function="COUNT"))
            .values("n")[:1]
        ),
        0,
    )


def roadmap_list():
    """Every roadmap, with what it lists (axes, items, items linked to a project). One
    query: each count is a correlated subquery over the foreign-key indexes, not a
    DISTINCT over the join of every axis, group and item."""
    items = Item.objects.filter(group__axis__roadmap=OuterRef("pk"))
    return (
        Roadmap.objects.select_related("lab", "region")
        .annotate(
            axis_count=_count(Axis.objects.filter(roadmap=OuterRef("pk"))),
            item_count=_count(items),
            linked_count=_count(items.filter(project__isnull=False)),
        )
        .order_by("title", "key")
    )


@dataclass
class ItemView:
    item: Item
    project: Project | None  # None: planned, or linked to a project the reader may not see
    hidden_project: bool = False
    indicators: list[IndicatorView] = field(default_factory=list)

    @property
    def started(self) -> bool:
        return self.item.project_id is not None

    @property
    def stage(self) -> str:
        return self.project.stage if self.project is not None else ""

    @property
    def stage_label(self) -> str:
        return self.project.get_stage_display() if self.project and self.project.stage else ""


@dataclass
class GroupView:
    group: Group
    items: list[ItemView]


@dataclass
class Rollup:
    items: int = 0
    started: int = 0
    # [(stage, count)] in the pipeline's order, stages with items only.
    by_stage: list = field(default_factory=list)
    indicators: int = 0
    computable: int = 0
    on_track: int = 0

    @property
    def planned(self) -> int:
        return self.items - self.started

    @property
    def by_stage_labels(self) -> list:
        return [(Stage(stage).label, n) for stage, n in self.by_stage]


@dataclass
class AxisView:
    axis: Axis
    groups: list[GroupView]
    rollup: Rollup


@dataclass
class RoadmapView:
    roadmap: Roadmap
    axes: list[AxisView]
    total: Rollup

    @property
    def counted_items(self) -> int:
        return self.total.items

    @property
    def counted_axes(self) -> int:
        return len(self.axes)

    @property
    def item_gap(self) -> int | None:
        """Stated minus listed projects (CAP 2030: 22 - 19 = 3); None when not stated."""
        stated = self.roadmap.stated_project_count
        return None if stated is None else stated - self.total.items


def _rollup(item_views: list[ItemView]) -> Rollup:
    stages = Counter(view.stage for view in item_views if view.stage)
    rollup = Rollup(
        items=len(item_views),
        started=sum(1 for view in item_views if view.started),
        by_stage=[(s, stages[s]) for s in Stage.values if stages[s]],
    )
    for view in item_views:
        for indicator in view.indicators:
            rollup.indicators += 1
            progress = indicator.progress
            rollup.computable += progress.computable
            rollup.on_track += progress.on_track
    return rollup


def _items():
    # Only what the page and the API show: a roadmap of hundreds of items would otherwise
    # build every project's sheet texts and dates for nothing.
    return Prefetch(
        "items",
        queryset=Item.objects.select_related("project", "project__lead_lab")
        .only(
            "group_id",
            "key",
            "title",
            "description",
            "position",
            "project_id",
            "project__key",
            "project__title",
            "project__stage",
            "project__lead_lab__key",
            "project__lead_lab__name",
        )
        .order_by("position", "pk"),
    )


def roadmap_detail(*, key: str, user) -> RoadmapView:
    """Raises Roadmap.DoesNotExist. 6 queries at most, whatever the size of the roadmap."""
    roadmap = Roadmap.objects.select_related("lab", "region", "source").get(key=key)
    axes = list(
        Axis.objects.filter(roadmap=roadmap)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch("groups", queryset=Group.objects.order_by("position", "pk")),
            Prefetch("groups__items", queryset=_items().queryset),
        )
    )
    items = [item for axis in axes for group in axis.groups.all() for item in group.items.all()]
    project_ids = {item.project_id for item in items if item.project_id}
    if not project_ids:
        visible = set()
    elif is_coordinator(user):
        visible = project_ids
    else:
        visible = set(
            Project.objects.filter(visible_projects_filter(user), pk__in=project_ids).values_list(
                "pk", flat=True
            )
        )
    indicators = public_indicators_by_project(visible) if visible else {}
    axis_views, all_items = [], []
    for axis in axes:
        groups, axis_items = [], []
        for group in axis.groups.all():
            views = []
            for item in group.items.all():
                shown = item.project_id in visible
                views.append(
                    ItemView(
                        item=item,
                        project=item.project if shown else None,
                        hidden_project=bool(item.project_id) and not shown,
                        indicators=indicators.get(item.project_id, []) if shown else [],
                    )
                )
            groups.append(GroupView(group, views))
            axis_items += views
        axis_views.append(AxisView(axis, groups, _rollup(axis_items)))
        all_items += axis_items
    return RoadmapView(roadmap, axis_views, _rollup(all_items))


def roadmap_get(*, key: str) -> Roadmap:
    return Roadmap.objects.select_related("lab", "region").get(key=key)


def roadmap_axes_and_groups(*, roadmap: Roadmap) -> list[Axis]:
    """Axes with their groups and items (edit pages). Three queries."""
    return list(
        roadmap.axes.order_by("position", "pk").prefetch_related(
            Prefetch("groups", queryset=Group.objects.order_by("position", "pk")),
            Prefetch("groups__items", queryset=_items().queryset),
        )
    )


@dataclass(frozen=True)
class SimilarItem:
    item: Item
    score: float


def similar_roadmap_items(*, text: str, limit: int = 5) -> list[SimilarItem]:
    """Planned roadmap items (not yet projects) most similar to `text`. Three queries."""
    found = similar_memory(text=text, kind=KIND, limit=limit)
    if not found:
        return []
    items = (
        Item.objects.filter(pk__in=[m.object_id for m in found], project__isnull=True)
        .select_related("group__axis__roadmap__lab")
        .in_bulk()
    )
    return [SimilarItem(items[m.object_id], m.score) for m in found if m.object_id in items]
