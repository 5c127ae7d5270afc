"""What the publications show, and the version of it: a digest of the rows they read."""

import hashlib
from collections import defaultdict

from django.db.models import Count, Max, Prefetch, Sum

from labnet.impact.models import Indicator, Measurement
from labnet.impact.selectors import public_indicators_by_project
from labnet.labs.models import Lab
from labnet.projects.models import Project

from .enums import BuildStatus, PublicationKind
from .models import Publication


def _digest(*parts) -> str:
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def _shared_parts() -> list:
    """What both publications show: the labs and the published sheets (two aggregates;
    counting 80,000 published sheets is most of a page's time, so done once a page)."""
    labs = Lab.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    sheets = Project.objects.filter(is_public=True).aggregate(
        n=Count("pk"), latest=Max("updated_at")
    )
    return [labs["n"], labs["latest"], sheets["n"], sheets["latest"]]


def data_version(kind: str, *, shared: list | None = None) -> str:
    """Changes whenever a lab or a published sheet the publication shows changes (any
    update moves `updated_at`; an addition or a removal moves the count), and for the
    booklet whenever a public indicator or one of its measured values does (a corrected
    value moves their sum). `shared`: `_shared_parts()` already read."""
    parts = [kind, *(shared if shared is not None else _shared_parts())]
    if kind == PublicationKind.BOOKLET:
        indicators = Indicator.objects.filter(is_public=True, project__is_public=True)
        parts += indicators.aggregate(n=Count("pk"), latest=Max("updated_at")).values()
        parts += (
            Measurement.objects.filter(indicator__in=indicators)
            .aggregate(n=Count("pk"), latest=Max("created_at"), total=Sum("value"))
            .values()
        )
    return _digest(*parts)


def public_projects():
    return Project.objects.filter(is_public=True).order_by("title", "key")


def atlas_labs() -> list[Lab]:
    """Every lab with what the Atlas prints, in four queries."""
    return list(
        Lab.objects.select_related("host", "region")
        .prefetch_related(
            "themes",
            "departments",
            "networks",
            Prefetch("led_projects", queryset=public_projects(), to_attr="public_projects"),
        )
        .order_by("region__name", "name")
    )


def atlas_index(labs: list[Lab]) -> dict:
    by_region, by_kind = defaultdict(list), defaultdict(list)
    for lab in labs:
        by_region[lab.region.name if lab.region else ""].append(lab)
        by_kind[lab.get_kind_display()].append(lab)
    return {"by_region": sorted(by_region.items()), "by_kind": sorted(by_kind.items())}


def booklet_sections() -> list[tuple[str, list[tuple[Lab, list[Project]]]]]:
    """Published sheets grouped by region, then by lead lab, each with its public
    indicators (`public_indicators`: baseline, target, current value, progress) as the
    sheet's page shows them. Three queries."""
    projects = list(public_projects().select_related("lead_lab__region", "region"))
    indicators = public_indicators_by_project(project.pk for project in projects)
    for project in projects:
        project.public_indicators = indicators.get(project.pk, [])
    regions: dict[str, dict[int, tuple[Lab | None, list]]] = defaultdict(dict)
    for project in projects:
        lab = project.lead_lab  # None for a sheet the sources give no lab for
        place = lab.region if lab and lab.region else project.region
        region = place.name if place else ""
        regions[region].setdefault(lab.pk if lab else 0, (lab, []))[1].append(project)
    return [
        (region, sorted(labs.values(), key=lambda pair: pair[0].name if pair[0] else ""))
        for region, labs in sorted(regions.items())
    ]


def latest_ready(kind: str, language: str) -> Publication | None:
    return (
        Publication.objects.filter(kind=kind, language=language, status=BuildStatus.READY)
        .order_by("-built_at")
        .first()
    )


def publications_overview(language: str) -> list[dict]:
    """For the publications page: each publication's latest build and whether it shows the
    data as it is now."""
    rows = []
    shared = _shared_parts()
    for kind in PublicationKind:
        latest = latest_ready(kind, language)
        current = data_version(kind, shared=shared)
        pending = (
            Publication.objects.filter(kind=kind, language=language, data_version=current)
            .exclude(status=BuildStatus.READY)
            .first()
        )
        rows.append(
            {
                "kind": kind,
                "latest": latest,
                "is_current": latest is not None and latest.data_version == current,
                "pending": pending,
            }
        )
    return rows
