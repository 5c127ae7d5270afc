"""Reads of projects. Each function runs a fixed number of queries and enforces who may
see what (`rules`): the public sheet for everyone, the workspace (journal, documents,
next steps, internal notes) for the project's lab teams and the coordinator only."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber

from labnet.accounts.models import Membership
from labnet.accounts.rules import is_coordinator
from labnet.core.folding import folded_contains
from labnet.labs.models import Lab, Theme
from labnet.labs.rules import require_lab_internals

from .enums import ProjectStatus, Stage
from .models import (
    Activity,
    InternalNote,
    NextStep,
    Project,
    ProjectDocument,
    ProjectPerson,
    StageTransition,
)
from .rules import (
    project_team_lab_ids,
    require_project_internals,
    user_lab_ids,
    visible_projects_filter,
)


def project_list_visible(*, user, lab=None) -> QuerySet[Project]:
    """Projects `user` may read, optionally those a lab leads or partners in."""
    projects = Project.objects.filter(visible_projects_filter(user))
    if lab is not None:
        partnered = Project.partner_labs.through.objects.filter(lab=lab).values("project_id")
        projects = projects.filter(Q(lead_lab=lab) | Q(pk__in=partnered))
    return (
        projects.select_related("lead_lab", "region").prefetch_related("themes").order_by("title")
    )


def lab_projects_visible(*, user, lab) -> tuple[QuerySet[Project], QuerySet[Project]]:
    """The projects `user` may read that `lab` leads, and those it is a partner of (led by
    another lab or by none), each by title: to be paged, the busiest lab leads 2,100."""
    visible = Project.objects.filter(visible_projects_filter(user)).select_related(
        "lead_lab", "region"
    )
    partnered = Project.partner_labs.through.objects.filter(lab=lab).values("project_id")
    led = visible.filter(lead_lab=lab).order_by("title", "key")
    partner = visible.filter(pk__in=partnered).exclude(lead_lab=lab).order_by("title", "key")
    return led, partner


def project_get_visible(*, user, key: str) -> Project:
    """One project if `user` may read it; Project.DoesNotExist otherwise (no leak of existence)."""
    return (
        Project.objects.filter(visible_projects_filter(user))
        .select_related("lead_lab", "region", "scaled_from", "source")
        .prefetch_related(
            Prefetch("partner_labs", queryset=Lab.objects.order_by("name")),
            Prefetch("organisations"),
            "themes",
            "departments",
        )
        .distinct()
        .get(key=key)
    )


def project_get_workspace(*, user, key: str) -> Project:
    """A project with everything its workspace shows, for its lab teams and the coordinator.

    Project.DoesNotExist when `user` may not even read the project (as on the public page);
    PermissionDenied when they may read its sheet but not its internals.
    """
    project = (
        Project.objects.filter(visible_projects_filter(user))
        .select_related("lead_lab", "region", "scaled_from", "source")
        .prefetch_related(
            Prefetch("partner_labs", queryset=Lab.objects.order_by("name")),
            "organisations",
            "themes",
            "departments",
            Prefetch(
                "people",
                queryset=ProjectPerson.objects.select_related("user", "organisation").order_by(
                    "role", "name", "id"
                ),
            ),
            Prefetch(
                "transitions",
                queryset=StageTransition.objects.select_related("actor").order_by(
                    "-created_at", "-id"
                ),
            ),
            # Not the journal: 20 entries on average, thousands on a long project; its page
            # reads one page of it (`project_journal`).
            Prefetch("documents", queryset=ProjectDocument.objects.select_related("uploaded_by")),
            Prefetch(
                "next_steps",
                queryset=NextStep.objects.select_related("owner").order_by(
                    "done_at", "due_on", "id"
                ),
            ),
            Prefetch("internal_notes", queryset=InternalNote.objects.select_related("author")),
        )
        .distinct()
        .get(key=key)
    )
    require_project_internals(user, project)
    return project


JOURNAL_PAGE_SIZE = 50


@dataclass(frozen=True)
class Journal:
    page: Page  # the activities of the page asked for, most recent first
    total: int  # activities in the whole journal
    agents: int  # participations summed over the whole journal
    users: int
    partners: int


def project_journal(*, project: Project, page_number=None) -> Journal:
    """One page of a project's journal and the totals of the whole journal: two queries
    (the totals, the page), whatever the journal's length. The caller has already checked
    that the user may read the project's internals (`project_get_workspace`)."""
    totals = Activity.objects.filter(project=project).aggregate(
        total=Count("pk"),
        agents=Sum("agents_count", default=0),
        users=Sum("users_count", default=0),
        partners=Sum("partners_count", default=0),
    )
    paginator = Paginator(
        Activity.objects.filter(project=project).select_related("created_by"),
        JOURNAL_PAGE_SIZE,
    )
    paginator.count = totals["total"]  # known: no second COUNT
    return Journal(page=paginator.get_page(page_number), **totals)


def project_get_internal(*, user, key: str) -> Project:
    """A project (without its internals fetched) for a write by one of its teams.

    Same errors as `project_get_workspace`.
    """
    project = (
        Project.objects.filter(visible_projects_filter(user))
        .select_related("lead_lab")
        .prefetch_related("partner_labs")
        .distinct()
        .get(key=key)
    )
    require_project_internals(user, project)
    return project


def project_team_memberships(*, project: Project) -> list[Membership]:
    """The people of the project's lab teams (lead lab first), e.g. to own a next step."""
    lab_ids = project_team_lab_ids(project)
    memberships = (
        Membership.objects.filter(lab_id__in=lab_ids)
        .select_related("user", "lab")
        .order_by("user__full_name", "user__email", "lab__name")
    )
    seen, result = set(), []
    for membership in memberships:
        if membership.user_id not in seen:
            seen.add(membership.user_id)
            result.append(membership)
    return result


def labs_for_take_up(*, user, project: Project) -> QuerySet[Lab]:
    """The labs `user` may take `project` up with: theirs (every lab for the coordinator),
    except the lab that already leads it."""
    labs = Lab.objects.exclude(pk=project.lead_lab_id) if project.lead_lab_id else Lab.objects
    if not is_coordinator(user):
        labs = labs.filter(pk__in=user_lab_ids(user))
    return labs.order_by("name")


# --- a lab's portfolio ----------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioFilters:
    stage: str = ""
    status: str = ""
    theme: str = ""
    published: str = ""  # "yes", "no" or "" (both)
    q: str = ""


def _portfolio(*, user, lab: Lab) -> QuerySet[Project]:
    require_lab_internals(user, lab)
    led = Project.objects.filter(lead_lab=lab).order_by().values("pk")
    partnered = Project.partner_labs.through.objects.filter(lab=lab).order_by().values("project_id")
    # `pk IN (led UNION partnered)` rather than a join on partner labs (no repeated rows, no
    # DISTINCT) or an OR beside a subquery (which PostgreSQL answers by scanning every
    # project): each side reads its own index.
    return Project.objects.filter(pk__in=led.union(partnered))


def portfolio_projects(
    *, user, lab: Lab, filters: PortfolioFilters | None = None
) -> QuerySet[Project]:
    """The projects `lab` leads or partners in, filtered, for its team and the coordinator.

    PermissionDenied for anyone else.
    """
    filters = filters or PortfolioFilters()
    projects = _portfolio(user=user, lab=lab)
    if filters.stage:
        projects = projects.filter(stage=filters.stage)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.theme:
        # One theme key matches one row of the through table at most: no repeats.
        projects = projects.filter(themes__key=filters.theme)
    if filters.published == "yes":
        projects = projects.filter(is_public=True)
    elif filters.published == "no":
        projects = projects.filter(is_public=False)
    if filters.q:
        projects = projects.filter(
            folded_contains(["title", "objective", "approach", "results"], filters.q)
        )
    return (
        projects.select_related("lead_lab", "region")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name_fr")))
        .order_by("title", "pk")
    )


@dataclass
class BoardColumn:
    stage: str  # "" for projects whose stage was not stated
    label: str
    projects: list[Project]
    total: int = 0  # the column's projects; `projects` holds the most recent ones only


# Finished projects leave the board; the list shows them.
BOARD_STATUSES = (ProjectStatus.ACTIVE, ProjectStatus.PAUSED, "")
# Cards per column: the board is a glance at what moved last; a lab with thousands of
# ongoing projects finds the rest in its list, filtered by stage.
BOARD_COLUMN_LIMIT = 20


def portfolio_board(*, user, lab: Lab, per_column: int = BOARD_COLUMN_LIMIT) -> list[BoardColumn]:
    """The lab's ongoing projects (active or paused) by stage, one column per stage, each
    with its count and its `per_column` most recently updated projects.

    Two queries whatever the portfolio's size: the count per stage, and the cards (each
    stage's first rows, numbered by a window function), with their lead lab.
    """
    ongoing = _portfolio(user=user, lab=lab).filter(status__in=BOARD_STATUSES)
    totals = dict(ongoing.order_by().values_list("stage").annotate(n=Count("pk")))
    projects = (
        ongoing.select_related("lead_lab")
        .only(
            "id",
            "key",
            "title",
            "stage",
            "status",
            "is_public",
            "updated_at",
            "lead_lab__key",
            "lead_lab__name",
        )
        .annotate(
            rank_in_stage=Window(
                RowNumber(),
                partition_by=[F("stage")],
                order_by=[F("updated_at").desc(), F("pk").asc()],
            )
        )
        .filter(rank_in_stage__lte=per_column)
        .order_by("-updated_at", "pk")
    )
    columns = {
        stage.value: BoardColumn(stage.value, stage.label, [], totals.get(stage.value, 0))
        for stage in Stage
    }
    unstated = BoardColumn("", "", [], sum(n for key, n in totals.items() if key not in columns))
    for project in projects:
        columns.get(project.stage, unstated).projects.append(project)
    board = list(columns.values())
    if unstated.total:
        board.append(unstated)
    return board
