"""Projects by stage, region, theme and kind of lab (four grouped queries)."""

from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from labnet.labs.enums import LabKind
from labnet.labs.models import Theme
from labnet.projects.enums import Stage

from ..tables import COUNT, TEXT, Column, FigureTable, KeyFigure, Section
from .scope import Scope


def _not_stated() -> str:
    return _("non indiqué")


def _count_column() -> Column:
    return Column("projects", _("Projets"), COUNT)


def _by_choice(queryset, field: str, choices) -> list[tuple[str, int]]:
    """Rows in the order of the choices, the "not stated" row last, empty groups left out."""
    counts = dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))
    rows = [(capfirst(str(label)), counts[value]) for value, label in choices if counts.get(value)]
    missing = sum(n for value, n in counts.items() if value in ("", None))
    if missing:
        rows.append((capfirst(_not_stated()), missing))
    return rows


def projects_section(scope: Scope) -> Section:
    projects = scope.projects()
    by_stage = _by_choice(projects, "stage", Stage.choices)
    by_kind = _by_choice(projects, "lead_lab__kind", LabKind.choices)
    # The project's region, or its lead lab's when it names none (as the filter reads it).
    regions = (
        projects.order_by()
        .annotate(place=Coalesce("region__name", "lead_lab__region__name"))
        .values_list("place")
        .annotate(n=Count("pk"))
        .order_by("-n", "place")
    )
    by_region = [(name or capfirst(_not_stated()), n) for name, n in regions]
    theme_name = "theme__name_en" if scope.english else "theme__name_fr"
    themes = (
        Theme.projects.through.objects.filter(project__in=projects.values("pk"))
        .values_list("theme__name_fr", theme_name)
        .annotate(n=Count("project_id"))
        .order_by("-n", "theme__name_fr")
    )
    by_theme = [(name or french, n) for french, name, n in themes]
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
