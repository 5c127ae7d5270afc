"""The network seen through its projects: the home page's figures, published projects
counted by lab, and who each lab works with (cooperations)."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Lower

from labnet.accounts.rules import lab_roles
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


# What the public (and a signed-in person of no lab) may read (projects.rules).
PUBLISHED = Q(is_public=True)


@dataclass(frozen=True)
class Cooperation:
    """Another lab and what `lab` shares with it: projects run together, take-ups."""

    lab: Lab
    shared_projects: int
    take_ups: int

    @property
    def total(self) -> int:
        return self.shared_projects + self.take_ups


@dataclass(frozen=True)
class LabCooperations:
    """Who `lab` works with, as `user` may see it: querysets to page or slice, so that a
    view reads a bounded page whatever the size of the lab's network (the busiest lab
    works with about 600 labs on about 600 projects). Read from the precomputed links
    (`CooperationLink`, docs/adr/0057-precomputed-cooperations.md); the visibility rule is
    the one of every project list, applied to the project and to the project taken up."""

    lab: Lab
    on_self: Q
    on_project: Q
    on_origin: Q
    # The reader is in the lab's team: every project the lab runs with another lab is one
    # it leads or partners, which its team reads, so that list needs no visibility
    # filter (on PostgreSQL the member's rule made it scan every project: 20 ms).
    reads_own_projects: bool = False

    def _links(self):
        links = CooperationLink.objects.filter(lab=self.lab)
        if not self.on_self:  # the coordination reads every project
            return links
        if self.reads_own_projects:
            # The projects the lab runs with others are its own: only the take-ups (a tenth
            # of the links) are checked, both their projects. PostgreSQL otherwise joined
            # every link to the whole projects table (20 ms for the busiest lab).
            take_ups = links.filter(origin__isnull=False, pk__in=self._readable_take_ups())
            return links.filter(origin__isnull=True) | take_ups
        if self.on_self != PUBLISHED:
            # A member's rule (their labs' projects, those they partner): joined, as every
            # project list reads it. An empty Q (the coordination) ORed with another Q is
            # that other Q alone: hence the test above.
            return links.filter(self.on_project).filter(Q(origin__isnull=True) | self.on_origin)
        # The public's rule as a subquery per link (the lab's links are a thousand at most),
        # not a join: PostgreSQL hashed the join over every published project (40 ms for
        # the busiest lab, against 20 this way). Not for a member's rule, whose own
        # subquery (the projects their labs partner) would then run once per link.
        return (
            links.annotate(
                visible_project=self._visible("project_id"),
                visible_origin=self._visible("origin_id"),
            )
            .filter(visible_project__isnull=False)
            .filter(Q(origin__isnull=True) | Q(visible_origin__isnull=False))
        )

    def _readable_take_ups(self):
        """Ids of the lab's take-up links whose two projects the reader may read."""
        return (
            CooperationLink.objects.filter(lab=self.lab, origin__isnull=False)
            .filter(self.on_project)
            .filter(self.on_origin)
            .values("pk")
        )

    def _visible(self, field: str) -> Subquery:
        """The id of the link's `field` project if the reader may see it, else NULL."""
        readable = Project.objects.filter(self.on_self, pk=OuterRef(field))
        return Subquery(readable.order_by().values("pk")[:1])

    def partners(self) -> QuerySet:
        """The other labs ranked in SQL (rows to turn into `Cooperation` with
        `cooperations_of`): projects run together plus take-ups between them, most first;
        at equal totals more projects run together first, then by name and key."""
        return (
            self._links()
            .values("other_lab", "other_lab__key", "other_lab__name")
            .annotate(
                shared=Count("id", filter=Q(origin__isnull=True)),
                reused=Count("id", filter=Q(origin__isnull=False)),
                total=Count("id"),
            )
            .order_by("-total", "-shared", Lower("other_lab__name"), "other_lab__key")
        )

    def top_partners(self, limit: int) -> tuple[list[Cooperation], int]:
        """The `limit` closest labs and how many there are in all, in one query (the
        count of the groups as a window over them, not the grouping again)."""
        rows = list(self.partners().annotate(partner_total=Window(Count("*")))[:limit])
        return cooperations_of(rows), rows[0]["partner_total"] if rows else 0

    def shared_projects(self) -> QuerySet[Project]:
        """The projects `lab` runs with at least one other lab, by title (to page; then
        `with_other_labs` on the page)."""
        run_together = CooperationLink.objects.filter(lab=self.lab, origin__isnull=True)
        on_self = Q() if self.reads_own_projects else self.on_self
        return (
            Project.objects.filter(on_self, pk__in=run_together.values("project_id"))
            .select_related("lead_lab")
            # What a line shows: not the sheet's long texts, 20 to 200 times a page.
            .only("key", "title", "lead_lab__key", "lead_lab__name")
            .order_by("title", "key")
        )

    def take_ups(self) -> QuerySet[CooperationLink]:
        """The take-ups across labs involving `lab`, both projects readable, by the title of
        the project that takes up (to page; then `as_take_ups` on the page)."""
        return (
            CooperationLink.objects.filter(lab=self.lab, origin__isnull=False)
            .filter(self.on_project)
            .filter(self.on_origin)
            .select_related("project__lead_lab", "origin__lead_lab")
            .only(
                *(
                    f"{project}__{field}"
                    for project in ("project", "origin")
                    for field in ("key", "title", "lead_lab__key", "lead_lab__name")
                )
            )
            .order_by("project__title", "project__key", "origin_id")
        )

    def with_other_labs(self, projects) -> list[Project]:
        """`projects` (a page of `shared_projects`), each with `other_labs`: the lead lab
        first, then the partners by name, as on the project's sheet. One query."""
        projects = list(projects)
        others: dict[int, list[Lab]] = {project.pk: [] for project in projects}
        links = (
            CooperationLink.objects.filter(
                lab=self.lab, origin__isnull=True, project_id__in=list(others)
            )
            .select_related("other_lab")
            .only("project_id", "other_lab__key", "other_lab__name")
            .order_by("other_lab__name", "other_lab_id")
        )
        if others:
            for link in links:
                others[link.project_id].append(link.other_lab)
        for project in projects:
            project.other_labs = sorted(
                others[project.pk], key=lambda other, p=project: other.pk != p.lead_lab_id
            )
        return projects


def cooperations_of(rows) -> list[Cooperation]:
    """Rows of `LabCooperations.partners()` (a slice or a page) as `Cooperation`s."""
    return [
        Cooperation(
            lab=_lab_reference(row["other_lab"], row["other_lab__key"], row["other_lab__name"]),
            shared_projects=row["shared"],
            take_ups=row["reused"],
        )
        for row in rows
    ]


def as_take_ups(links) -> list[Project]:
    """Links of `LabCooperations.take_ups()` as the projects that take up, each with its
    `scaled_from` (the project taken up, with its lead lab) loaded."""
    projects = []
    for link in links:
        link.project.scaled_from = link.origin
        projects.append(link.project)
    return projects


def _lab_reference(pk: int, key: str, name: str) -> Lab:
    # What the ranking read (the key for the link, the name): a lab loaded as `.only()`
    # would load it, its other fields deferred, so no second query for the page's labs.
    known = {"id": pk, "key": key, "name": name}
    fields = [f.attname for f in Lab._meta.concrete_fields if f.attname in known]
    return Lab.from_db(CooperationLink.objects.db, fields, [known[f] for f in fields])


def lab_cooperations(*, lab: Lab, user) -> LabCooperations:
    """Who `lab` works with, counted only on projects `user` may read.

    A project's labs are its lead lab and its partner labs: two labs cooperate on it when
    both are among them. A take-up counts between the lead lab of the project that takes
    up and the lead lab of the project taken up (both readable). Reads the reader's
    memberships (once, for every list); each list is then one or two queries (count,
    page), whatever the number of the lab's projects and partners.
    """
    on_self, on_project, on_origin = visible_projects_filters(user, "", "project__", "origin__")
    return LabCooperations(
        lab=lab,
        on_self=on_self,
        on_project=on_project,
        on_origin=on_origin,
        reads_own_projects=lab.pk in lab_roles(user),
    )
