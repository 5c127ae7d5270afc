"""What each API endpoint reads, with everything its serializer shows fetched up front.

The domain rules decide who sees what (`visible_projects_filter`); this module only adds
the joins and prefetches that keep the number of queries of a page independent of its
size, and an ordering with a unique last key so pages never overlap or skip rows.
"""

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery, prefetch_related_objects

from labnet.accounts.models import Membership, User
from labnet.labs.models import Lab, Network, Theme
from labnet.organisations.models import Organisation
from labnet.projects.models import Project
from labnet.projects.rules import visible_projects_filter
from labnet.territories.models import Department, Region


def _keys_only(model, *order):
    # Lists of references only show keys: fetch no more than that.
    return model.objects.only("id", "key").order_by(*order or ("key",))


def region_queryset() -> QuerySet[Region]:
    return Region.objects.prefetch_related(
        Prefetch("departments", queryset=Department.objects.only("code", "region_id"))
    ).order_by("code")


def department_queryset() -> QuerySet[Department]:
    return Department.objects.select_related("region").order_by("code")


def organisation_queryset() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("region", "parent").order_by("name", "key")


def theme_queryset() -> QuerySet[Theme]:
    return Theme.objects.order_by("name_fr", "key")


def _themes_prefetch() -> Prefetch:
    return Prefetch(
        "themes", queryset=Theme.objects.only("id", "key", "name_fr").order_by("name_fr", "key")
    )


def _departments_prefetch() -> Prefetch:
    return Prefetch("departments", queryset=Department.objects.only("code").order_by("code"))


def lab_queryset() -> QuerySet[Lab]:
    """Every lab: the directory is public, closed labs included (their status says so)."""
    return (
        Lab.objects.select_related("host", "region")
        .prefetch_related(
            _themes_prefetch(),
            _departments_prefetch(),
            Prefetch("networks", queryset=_keys_only(Network)),
        )
        .order_by("name", "key")
    )


def project_queryset(*, user) -> QuerySet[Project]:
    """The projects `user` may read, and only those, including in the links between projects.

    The visibility rule reaches partner labs through a subquery, so rows never repeat and
    no DISTINCT over wide text rows is needed.
    The links to other projects (`scaled_from`, `reuses`) go through the same rule, so an
    unpublished project's key never leaks through a published one.
    """
    visible = visible_projects_filter(user)  # computed once: it may query memberships
    scaled_from_key = Project.objects.filter(visible, pk=OuterRef("scaled_from_id")).values("key")[
        :1
    ]
    return (
        Project.objects.filter(visible)
        .select_related("lead_lab", "region")
        .annotate(visible_scaled_from_key=Subquery(scaled_from_key))
        .prefetch_related(
            Prefetch("partner_labs", queryset=_keys_only(Lab)),
            Prefetch("organisations", queryset=_keys_only(Organisation)),
            _themes_prefetch(),
            _departments_prefetch(),
            Prefetch(
                "reuses",
                queryset=Project.objects.filter(visible)
                .only("id", "key", "scaled_from_id")
                .order_by("key"),
            ),
        )
        .order_by("title", "key")
    )


def projects_of_lab(projects: QuerySet[Project], lab_key: str) -> QuerySet[Project]:
    """Projects the lab leads or is a partner of, without a join that would repeat rows."""
    partnered = Project.partner_labs.through.objects.filter(lab__key=lab_key).values("project_id")
    return projects.filter(Q(lead_lab__key=lab_key) | Q(pk__in=partnered))


def user_with_memberships(user: User) -> User:
    """The authenticated user, their memberships and labs fetched in one more query."""
    prefetch_related_objects(
        [user],
        Prefetch(
            "memberships", queryset=Membership.objects.select_related("lab").order_by("lab__key")
        ),
    )
    return user
