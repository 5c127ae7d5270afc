"""Which labs are best placed to help with a request.

Labs are ranked by territory first — a lab covering the request's department, then one of
its region, then the national labs (no region) — and then by how many of the request's
themes they work on. Only active labs receive requests. A lab with neither a territorial
link nor a shared theme is not proposed. One query, whatever the number of labs.
"""

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from labnet.labs.enums import LabStatus
from labnet.labs.models import Lab

# Territorial closeness, best first.
IN_DEPARTMENT, IN_REGION, NATIONAL, ELSEWHERE = 3, 2, 1, 0


@dataclass(frozen=True)
class LabMatch:
    lab: Lab
    territory: int  # IN_DEPARTMENT, IN_REGION, NATIONAL or ELSEWHERE
    shared_themes: int

    @property
    def reason(self) -> str:
        return {
            IN_DEPARTMENT: "department",
            IN_REGION: "region",
            NATIONAL: "national",
        }.get(self.territory, "themes")


def rank_labs(
    *, region_id=None, department_id=None, theme_ids=(), limit: int = 5
) -> list[LabMatch]:
    """The active labs best placed for a request on this territory and these themes."""
    theme_ids = [pk for pk in theme_ids if pk is not None]
    territory = [When(region__isnull=True, then=Value(NATIONAL))]
    if department_id:
        covers = Lab.departments.through.objects.filter(
            lab_id=OuterRef("pk"), department_id=department_id
        )
        territory.insert(0, When(Exists(covers), then=Value(IN_DEPARTMENT)))
    if region_id:
        territory.insert(-1, When(region_id=region_id, then=Value(IN_REGION)))
    if theme_ids:
        shared = (
            Lab.themes.through.objects.filter(lab_id=OuterRef("pk"), theme_id__in=theme_ids)
            .order_by()
            .values("lab_id")
            .annotate(n=Count("theme_id"))
            .values("n")
        )
        shared_themes = Coalesce(Subquery(shared, output_field=IntegerField()), Value(0))
    else:
        shared_themes = Value(0)
    labs = (
        Lab.objects.filter(status=LabStatus.ACTIVE)
        .select_related("region")
        .annotate(
            territory=Case(*territory, default=Value(ELSEWHERE), output_field=IntegerField()),
            shared_themes=shared_themes,
        )
        .filter(Q(territory__gt=ELSEWHERE) | Q(shared_themes__gt=0))
        .order_by("-territory", "-shared_themes", "name", "pk")[:limit]
    )
    return [
        LabMatch(lab=lab, territory=lab.territory, shared_themes=lab.shared_themes) for lab in labs
    ]


def rank_labs_for_request(request, *, limit: int = 5) -> list[LabMatch]:
    region_id = request.region_id
    if region_id is None and request.department_id is not None:
        region_id = request.department.region_id
    return rank_labs(
        region_id=region_id,
        department_id=request.department_id,
        theme_ids=[theme.pk for theme in request.themes.all()],
        limit=limit,
    )


def best_lab_for(request) -> Lab | None:
    """The lab the platform routes a request to when the author lets it choose."""
    matches = rank_labs_for_request(request, limit=1)
    return matches[0].lab if matches else None
