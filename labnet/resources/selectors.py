"""Reads of the shared library. Each function runs a fixed number of queries, whatever the
number of resources, tags, themes or projects; visibility is decided here."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from labnet.accounts.rules import is_coordinator, lab_roles
from labnet.core.text_index import TextIndex
from labnet.labs.models import Lab, Theme
from labnet.projects.models import Project
from labnet.projects.rules import visible_projects_filter

from .enums import Licence, ResourceKind, ResourceStatus
from .models import Resource, ResourceTag


@dataclass(frozen=True)
class ResourceFilters:
    kind: str = ""
    tag: str = ""
    theme: str = ""
    licence: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, query) -> "ResourceFilters":
        values = {name: (query.get(name) or "").strip() for name in cls.__dataclass_fields__}
        # Tags are stored lowercase: "?tag=Design" finds "design".
        values["tag"] = " ".join(values["tag"].split()).lower()
        return cls(**values)

    def without(self, name: str) -> "ResourceFilters":
        return ResourceFilters(**{**vars(self), name: ""})


# The folded title and summary, kept by the database (migration 0003, docs/adr/0060).
RESOURCE_TEXT = TextIndex("resources_resource", ("title", "summary"))


def _text_filtered(resources: QuerySet[Resource], q: str) -> QuerySet[Resource]:
    """`resources` whose title or summary contains `q`, case and accents ignored (the rows
    `folded_contains(["title", "summary"], q)` finds), read from the text index."""
    return RESOURCE_TEXT.queryset(resources).filter(RESOURCE_TEXT.filter(q))


def _filtered(filters: ResourceFilters, *, include_kind: bool = True) -> QuerySet[Resource]:
    # One tag and one theme per filter: the joins cannot duplicate a resource.
    resources = Resource.objects.published()
    if include_kind and filters.kind:
        resources = resources.filter(kind=filters.kind)
    if filters.tag:
        resources = resources.filter(tags__name=filters.tag)
    if filters.theme:
        resources = resources.filter(themes__key=filters.theme)
    if filters.licence:
        resources = resources.filter(licence=filters.licence)
    if filters.q:
        resources = _text_filtered(resources, filters.q)
    return resources


def _with_related(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    return resources.select_related("lab").prefetch_related(
        Prefetch("tags", queryset=ResourceTag.objects.order_by("name")),
        Prefetch("themes", queryset=Theme.objects.order_by("name_fr")),
    )


def resource_library(*, filters: ResourceFilters | None = None) -> QuerySet[Resource]:
    """Published resources matching the filters, with what a list row shows fetched."""
    filtered = _filtered(filters or ResourceFilters())
    return _with_related(filtered).order_by("title", "key")


def resource_kind_counts(*, filters: ResourceFilters | None = None) -> list[tuple[str, str, int]]:
    """(kind, label, count) for every kind, among resources matching the other filters."""
    rows = dict(
        _filtered(filters or ResourceFilters(), include_kind=False)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(value, label, rows.get(value, 0)) for value, label in ResourceKind.choices]


def resource_filter_options() -> dict:
    """Filter choices: only tags and themes some published resource has."""
    published = Resource.objects.published()
    return {
        "kinds": ResourceKind.choices,
        "licences": Licence.choices,
        "tags": list(
            ResourceTag.objects.filter(resources__in=published)
            .distinct()
            .order_by("name")
            .values_list("name", flat=True)
        ),
        "themes": list(
            Theme.objects.filter(resources__in=published).distinct().order_by("name_fr")
        ),
    }


def _visible_filter(user) -> Q:
    if is_coordinator(user):
        return Q()
    published = Q(status=ResourceStatus.PUBLISHED)
    if user and user.is_authenticated:
        return published | Q(proposed_by=user)
    return published


def resource_get_visible(*, user, key: str) -> Resource:
    """One resource `user` may read (Resource.DoesNotExist otherwise, without saying why),
    with the projects that used it among those `user` may read."""
    projects = (
        Project.objects.filter(visible_projects_filter(user))
        .select_related("lead_lab")
        .order_by("title", "key")
    )
    return (
        Resource.objects.filter(_visible_filter(user))
        .select_related("lab", "source", "proposed_by", "published_by")
        .prefetch_related(
            Prefetch("tags", queryset=ResourceTag.objects.order_by("name")),
            Prefetch("themes", queryset=Theme.objects.order_by("name_fr")),
            Prefetch("projects", queryset=projects),
        )
        .get(key=key)
    )


def resource_list_visible(*, user) -> QuerySet[Resource]:
    """Every resource `user` may read (API): published ones, plus their own proposals."""
    return _with_related(Resource.objects.filter(_visible_filter(user))).order_by("title", "key")


def proposals_of(*, user) -> QuerySet[Resource]:
    """The resources `user` proposed, whatever their status, latest first."""
    return _with_related(Resource.objects.filter(proposed_by=user)).order_by("-created_at", "-pk")


def review_queue() -> QuerySet[Resource]:
    """Proposals waiting for the coordination, oldest first (first come, first read), with
    what a row of the queue shows (its lab and proposer: no tags or themes)."""
    return (
        Resource.objects.filter(status=ResourceStatus.PROPOSED)
        .select_related("lab", "proposed_by")
        .order_by("created_at", "pk")
    )


def labs_for_proposal(*, user) -> QuerySet[Lab]:
    """The labs a proposal may credit: the proposer's own (every lab for the coordinator)."""
    if is_coordinator(user):
        return Lab.objects.order_by("name")
    return Lab.objects.filter(pk__in=list(lab_roles(user))).order_by("name")


def _team_projects(user) -> QuerySet[Project]:
    """Projects whose lab teams (lead or partner) `user` belongs to."""
    lab_ids = list(lab_roles(user))
    partnered = Project.partner_labs.through.objects.filter(lab_id__in=lab_ids).values("project_id")
    return Project.objects.filter(Q(lead_lab_id__in=lab_ids) | Q(pk__in=partnered))


def projects_for_linking(*, user, resource: Resource) -> QuerySet[Project]:
    """The projects of `user`'s labs (lead or partner) not yet linked to the resource.

    The coordinator is offered their own labs' projects only: a select of every project
    of the network would be unusable at national scale.
    """
    linked = Resource.projects.through.objects.filter(resource=resource).values("project_id")
    return (
        _team_projects(user)
        .exclude(pk__in=linked)
        .select_related("lead_lab")
        .order_by("title", "key")
    )


def project_choices_for_linking(*, user, resource: Resource) -> list[tuple[str, str]]:
    """(key, title) of `projects_for_linking`, by title, in one query: the projects the
    user's labs lead UNION those they partner in, each side read from its own index (the
    led ones from the (lead lab, title, key) index alone). Filtered as one set with an OR,
    PostgreSQL scanned all 100,000 projects for the busiest lab's 2,110 (90 ms)."""
    lab_ids = list(lab_roles(user))
    linked = Resource.projects.through.objects.filter(resource=resource).values("project_id")
    partnered = Project.partner_labs.through.objects.filter(lab_id__in=lab_ids).values("project_id")
    # order_by(): no ORDER BY inside a compound statement (the model's own ordering).
    led = Project.objects.filter(lead_lab_id__in=lab_ids).exclude(pk__in=linked).order_by()
    partner = Project.objects.filter(pk__in=partnered).exclude(pk__in=linked).order_by()
    return list(
        led.values_list("key", "title")
        .union(partner.values_list("key", "title"))
        .order_by("title", "key")
    )


def project_ids_user_may_unlink(*, user, project_ids) -> set[int]:
    """Among `project_ids`, those whose link `user` may remove (their labs', or any for the
    coordinator): one query, or none for visitors."""
    project_ids = list(project_ids)
    if is_coordinator(user):
        return set(project_ids)
    if not (user and user.is_authenticated and project_ids and lab_roles(user)):
        return set()
    return set(_team_projects(user).filter(pk__in=project_ids).values_list("pk", flat=True))


def resources_for_project(*, project) -> list[Resource]:
    """Published resources a project used (the project is already known to be visible)."""
    return list(
        Resource.objects.published()
        .filter(projects=project)
        .select_related("lab")
        .order_by("title", "key")
    )
