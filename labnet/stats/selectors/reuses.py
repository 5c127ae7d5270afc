"""Reuses (lineage): projects that take up another one, counted by the lab whose project
was taken up. A published project that takes up another counts for the public, as the
home page's figure (`projects.network`) counts it. One grouped query."""

from collections import Counter

from django.db.models import Count
from django.utils.translation import gettext as _

from labnet.projects.models import Project

from ..tables import COUNT, TEXT, Column, FigureTable, KeyFigure, Section
from . import from_facts
from .scope import Scope

# The labs whose projects were taken up most, on a page; every lab is in the CSV file.
PAGE_ROWS = 20


def _lab_rows(scope: Scope) -> list[tuple[str | None, int]]:
    """On a lab's dashboard: what it took up (its counted projects that take up another,
    from the rows already read), and its projects taken up elsewhere (those whose origin is
    one of the projects it leads: the ids as one parameter, core.among, probed on the
    `scaled_from` index). One query; each take-up counted once."""
    took_up = [row.pk for row in scope.counted_lab_rows if row.scaled_from_id is not None]
    taken_from_lab = Project.objects.filter(scaled_from_id__among=scope.led_project_ids)
    if not scope.internal:
        taken_from_lab = taken_from_lab.filter(is_public=True)
    columns = ("pk", "scaled_from__lead_lab__name")
    rows = (
        Project.objects.filter(pk__among=took_up)
        .order_by()
        .values_list(*columns)
        .union(scope.narrow_projects(taken_from_lab).order_by().values_list(*columns))
    )
    counts = Counter(name for _pk, name in rows)
    # Most first, then by name, "not stated" last among equals.
    return sorted(counts.items(), key=lambda item: (-item[1], item[0] is None, item[0] or ""))


def reuses_section(scope: Scope) -> Section:
    if scope.facts:
        rows = from_facts.reuses_by_origin(scope)
    elif scope.lab is not None:
        rows = _lab_rows(scope)
    else:
        rows = (
            scope.projects()
            .filter(scaled_from__isnull=False)
            .order_by()
            .values_list("scaled_from__lead_lab__name")
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n", "scaled_from__lead_lab__name")
        )
    table = FigureTable(
        "reuses-lab",
        _("Reprises de projets par laboratoire d'origine"),
        (
            Column("origin_lab", _("Laboratoire du projet repris"), TEXT),
            Column("reuses", _("Reprises"), COUNT),
        ),
        tuple((name or _("non indiqué"), n) for name, n in rows),
        note=_(
            "Un projet qui en reprend un autre, dans un autre territoire ou une autre "
            "administration."
        ),
        page_rows=PAGE_ROWS,
    )
    return Section(
        "reuses",
        _("Reprises"),
        figures=(KeyFigure("reuses", _("reprises de projets"), sum(n for _l, n in table.rows)),),
        tables=(table,),
    )
