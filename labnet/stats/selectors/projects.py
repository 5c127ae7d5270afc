"""Projects by stage, region, theme and kind of lab (four queries, two of them grouped;
on a lab's dashboard the stages are counted from the lab's rows, `Scope.lab_rows`)."""

from collections import Counter

from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from labnet.labs.enums import LabKind
from labnet.labs.models import Lab, Theme
from labnet.projects.enums import Stage
from labnet.territories.models import Region

from ..tables import COUNT, TEXT, Column, FigureTable, KeyFigure, Section
from . import from_facts
from .scope import Scope


def _not_stated() -> str:
    return _("non indiqué")


def _count_column() -> Column:
    return Column("projects", _("Projets"), COUNT)


def _in_choice_order(counts: dict, choices) -> list[tuple[str, int]]:
    """Rows in the order of the choices, the "not stated" row last, empty groups left out."""
    rows = [(capfirst(str(label)), counts[value]) for value, label in choices if counts.get(value)]
    missing = sum(n for value, n in counts.items() if value in ("", None))
    if missing:
        rows.append((capfirst(_not_stated()), missing))
    return rows


def _groups(scope: Scope) -> list[tuple[str, str | None, int | None, int]]:
    """(stage, region, lead lab, projects): ONE grouped query on the projects' own columns
    (no join over 100,000 rows), or a lab's rows already read (`Scope.lab_rows`)."""
    if scope.lab is not None:
        counts = Counter((r.stage, r.region_id, r.lead_lab_id) for r in scope.counted_lab_rows)
        return [(*group, n) for group, n in counts.items()]
    return list(
        scope.projects()
        .order_by()
        .values_list("stage", "region_id", "lead_lab_id")
        .annotate(n=Count("pk"))
    )


def _stage_place_lab_counts(scope: Scope) -> tuple[dict, dict, dict]:
    """Projects by stage, by place and by kind of lead lab, from their groups and the labs
    and regions they name. The place is the project's region, or its lead lab's when it
    names none (as the filter reads it)."""
    groups = _groups(scope)
    lab_ids = {lab_id for _s, _r, lab_id, _n in groups if lab_id is not None}
    labs = {
        pk: (kind, region)
        for pk, kind, region in Lab.objects.filter(pk__in=lab_ids).values_list(
            "pk", "kind", "region_id"
        )
    }
    names = dict(Region.objects.values_list("pk", "name"))
    stages, places, kinds = Counter(), Counter(), Counter()
    for stage, region_id, lab_id, n in groups:
        kind, lab_region = labs.get(lab_id, (None, None))
        stages[stage] += n
        kinds[kind] += n
        places[names.get(region_id or lab_region)] += n
    return stages, places, kinds


def _theme_counts(scope: Scope) -> list[tuple[str, str, int]]:
    if scope.facts:
        return from_facts.theme_counts(scope)
    theme_name = "theme__name_en" if scope.english else "theme__name_fr"
    return list(
        Theme.projects.through.objects.filter(scope.counted_projects_q("project_id"))
        .values_list("theme__name_fr", theme_name)
        .annotate(n=Count("project_id"))
        .order_by("-n", "theme__name_fr")
    )


def projects_section(scope: Scope) -> Section:
    if scope.facts:
        stages, places, kinds = from_facts.project_counts(scope)
    else:
        stages, places, kinds = _stage_place_lab_counts(scope)
    by_stage = _in_choice_order(stages, Stage.choices)
    by_kind = _in_choice_order(kinds, LabKind.choices)
    by_region = [
        (name or capfirst(_not_stated()), n)
        for name, n in sorted(
            places.items(), key=lambda item: (-item[1], item[0] is None, item[0] or "")
        )
    ]
    by_theme = [(name or french, n) for french, name, n in _theme_counts(scope)]
    total = sum(n for _label, n in by_stage)
    tables = (
        FigureTable(
            "projects-stage",
            _("Projets par étape"),
            (Column("stage", _("Étape"), TEXT), _count_column()),
            tuple(by_stage),
        ),
        FigureTable(
            "projects-region",
            _("Projets par région"),
            (Column("region", _("Région"), TEXT), _count_column()),
            tuple(by_region),
        ),
        FigureTable(
            "projects-theme",
            _("Projets par thème"),
            (Column("theme", _("Thème"), TEXT), _count_column()),
            tuple(by_theme),
            note=_("Un projet peut avoir plusieurs thèmes : il est compté dans chacun."),
        ),
        FigureTable(
            "projects-lab-kind",
            _("Projets par nature du laboratoire qui les pilote"),
            (Column("lab_kind", _("Nature du laboratoire"), TEXT), _count_column()),
            tuple(by_kind),
            chart="pie",
        ),
    )
    label = _("projets (publiés ou non)") if scope.internal else _("projets publiés")
    return Section(
        "projects",
        _("Projets"),
        figures=(KeyFigure("projects", label, total),),
        tables=tables,
    )
