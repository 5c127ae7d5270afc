"""Reuses (lineage): projects that take up another one, counted by the lab whose project
was taken up. A published project that takes up another counts for the public, as the
home page's figure (`projects.network`) counts it. One grouped query."""

from django.db.models import Count
from django.utils.translation import gettext as _

from labnet.projects.models import Project

from ..tables import COUNT, TEXT, Column, FigureTable, KeyFigure, Section
from . import from_facts
from .scope import Scope


def reuses_section(scope: Scope) -> Section:
    take_ups = scope.projects().filter(scaled_from__isnull=False)
    if scope.lab is not None:
        take_ups = Project.objects.filter(pk__in=scope.lab_project_ids, scaled_from__isnull=False)
        # On a lab's dashboard: what it took up, and its projects taken up elsewhere (by
        # the ids of the projects it leads: indexed, where a join read every project).
        taken_from_lab = Project.objects.filter(scaled_from_id__in=scope.led_project_ids)
        if not scope.internal:
            taken_from_lab = taken_from_lab.filter(is_public=True)
        take_ups = take_ups | scope.narrow_projects(taken_from_lab)
    if scope.facts:
        rows = from_facts.reuses_by_origin(scope)
    else:
        rows = (
            take_ups.order_by()
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
    )
    return Section(
        "reuses",
        _("Reprises"),
        figures=(KeyFigure("reuses", _("reprises de projets"), sum(n for _l, n in table.rows)),),
        tables=(table,),
    )
