"""Indicators on track: the progress `impact.progress` computes for each indicator the
reader may see (public indicators of published projects for the public), from its current
value. Two queries (indicators, their measured values), whatever the number of projects."""

from django.utils.translation import gettext as _

from labnet.impact.progress import indicator_progress
from labnet.impact.selectors import indicator_list
from labnet.projects.models import Project

from ..models import IndicatorFact
from ..sources import current_values
from ..tables import COUNT, TEXT, Column, FigureTable, KeyFigure, Section
from . import from_facts
from .scope import Scope


def _indicators(scope: Scope):
    if scope.lab is not None and not scope.internal:
        # The public side of a lab: its published projects (lead or partner, under the
        # filters) by their ids; "is published" as a subquery made the database read every
        # project. (Its team's side keeps the lab filter, which its visibility rule reads
        # well.)
        return indicator_list(user=None).filter(project_id__among=scope.lab_project_ids)
    queryset = indicator_list(
        user=scope.reader, lab_key=scope.lab.key if scope.lab is not None else ""
    )
    if scope.filters.year is not None or scope.filters.region:
        # The same projects as every other section, unpublished ones only for who sees more.
        scoped = scope.projects().values("pk")
        queryset = queryset.filter(project_id__in=scoped)
    elif not scope.internal:
        queryset = queryset.filter(
            project_id__in=Project.objects.filter(is_public=True).values("pk")
        )
    return queryset


def _states(scope: Scope) -> tuple[int, int, int]:
    """(on track, behind, not computable): `impact.progress` of each indicator counted."""
    if scope.facts:
        states = from_facts.indicator_states(scope)
        return (
            states.get(IndicatorFact.ON_TRACK, 0),
            states.get(IndicatorFact.BEHIND, 0),
            states.get(IndicatorFact.UNKNOWN, 0),
        )
    indicators = list(_indicators(scope).prefetch_related(None))
    # A lab's indicators are a few dozen: their ids, rather than the same filtered read
    # again as a subquery (nationally, thousands: the subquery).
    current = current_values(
        [i.pk for i in indicators]
        if scope.lab is not None
        else _indicators(scope).prefetch_related(None).values("pk")
    )
    progresses = [indicator_progress(i, current=current.get(i.pk)) for i in indicators]
    return (
        sum(1 for p in progresses if p.computable and p.on_track),
        sum(1 for p in progresses if p.computable and not p.on_track),
        sum(1 for p in progresses if not p.computable),
    )


def impact_section(scope: Scope) -> Section:
    on_track, behind, unknown = _states(scope)
    rows = tuple(
        (label, n)
        for label, n in (
            (_("En bonne voie"), on_track),
            (_("En retard sur la cible"), behind),
            (_("Progrès non calculable"), unknown),
        )
        if n
    )
    table = FigureTable(
        "impact-indicators",
        _("Indicateurs d'impact selon leur progrès"),
        (Column("state", _("État"), TEXT), Column("indicators", _("Indicateurs"), COUNT)),
        rows,
        chart="pie",
        note=_(
            "En bonne voie : la cible est atteinte, ou le progrès suit le temps écoulé entre "
            "la référence et l'échéance. Non calculable : référence, cible ou mesure manquante."
        ),
    )
    label = _("indicateurs suivis") if scope.internal else _("indicateurs publics")
    return Section(
        "impact",
        _("Impact"),
        figures=(
            KeyFigure("indicators", label, on_track + behind + unknown),
            KeyFigure("on_track", _("en bonne voie"), on_track),
        ),
        tables=(table,),
    )
