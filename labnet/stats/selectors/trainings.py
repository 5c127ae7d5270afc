"""Agents enrolled, attending and trained per programme, counted as the trainings pages
count them (`trainings.figures.people_counts`): one grouped query."""

from django.utils.translation import gettext as _

from labnet.trainings.figures import people_counts
from labnet.trainings.models import Enrolment

from ..tables import COUNT, TEXT, Column, FigureTable, KeyFigure, Section
from .scope import Scope


def _enrolments(scope: Scope):
    """Enrolments of the lab's agents (the lab they enrolled for), in the year they
    enrolled, for labs of the region."""
    queryset = Enrolment.objects.all()
    if scope.lab is not None:
        queryset = queryset.filter(lab=scope.lab)
    if scope.filters.year is not None:
        queryset = queryset.filter(created_at__year=scope.filters.year)
    if scope.filters.region:
        queryset = queryset.filter(lab__region_id=scope.filters.region)
    return queryset


def trainings_section(scope: Scope) -> Section:
    rows = [
        (row["cohort__programme__name"], row["enrolled"], row["attending"], row["trained"])
        for row in people_counts(
            _enrolments(scope), "cohort__programme__name", "cohort__programme__key"
        ).order_by("cohort__programme__name", "cohort__programme__key")
    ]
    table = FigureTable(
        "trainings-programme",
        _("Agents inscrits, présents et formés par programme"),
        (
            Column("programme", _("Programme"), TEXT),
            Column("enrolled", _("Inscrits"), COUNT),
            Column("attending", _("Présents à une séance au moins"), COUNT),
            Column("trained", _("Formés"), COUNT),
        ),
        tuple(rows),
        note=_(
            "Des personnes, pas des inscriptions ; « formés » : la règle d'achèvement du "
            "programme est remplie."
        ),
    )
    return Section(
        "trainings",
        _("Formations"),
        figures=(KeyFigure("trained", _("agents formés"), sum(row[3] for row in rows)),),
        tables=(table,),
    )
