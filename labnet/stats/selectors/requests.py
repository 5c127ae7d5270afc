"""Requests received at the single window, the time to first answer (measured as
`intake.stats` measures it) and, for who sees more, what became of them."""

from decimal import Decimal

from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from labnet.intake.enums import RequestStatus
from labnet.intake.models import Request
from labnet.intake.stats import response_times_of

from ..sources import received_requests
from ..tables import COUNT, HOURS, PERCENT, TEXT, Column, FigureTable, KeyFigure, Section
from . import from_facts
from .scope import Scope

TENTH = Decimal("0.1")


def _received(scope: Scope):
    """Requests sent to a lab (drafts are nobody's business but their author's), by the
    year they were sent, in the region of the lab that received them."""
    queryset = received_requests()
    if scope.lab is not None:
        queryset = queryset.filter(Q(lab=scope.lab) | Q(first_answer_lab=scope.lab))
    if scope.filters.year is not None:
        queryset = queryset.filter(submitted_at__year=scope.filters.year)
    if scope.filters.region:
        queryset = queryset.filter(lab__region_id=scope.filters.region)
    return queryset


def _answered(scope: Scope):
    """Requests measured for their first answer: counted for the lab whose commitment it
    was (`first_answer_lab`, as intake.stats does), in that lab's region."""
    queryset = Request.objects.all()
    if scope.lab is not None:
        queryset = queryset.filter(first_answer_lab=scope.lab)
    if scope.filters.year is not None:
        queryset = queryset.filter(submitted_at__year=scope.filters.year)
    if scope.filters.region:
        queryset = queryset.filter(first_answer_lab__region_id=scope.filters.region)
    return queryset


def _per_year(received) -> list[tuple[int, int]]:
    """[(year sent, requests)] for the years with any, in the site's time zone.

    Counted as one range per year (`submitted_at__year` is a BETWEEN on the stored
    column) between the first and the last year, rather than grouped by the year of each
    row: SQLite extracts a year through a Python function per row (about 14 ms for the
    3,000 requests of a busy lab's page). Two queries whatever the number of requests."""
    bounds = received.order_by().aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
    if bounds["first"] is None:
        return []
    years = range(
        timezone.localtime(bounds["first"]).year, timezone.localtime(bounds["last"]).year + 1
    )
    counts = received.order_by().aggregate(
        **{str(year): Count("pk", filter=Q(submitted_at__year=year)) for year in years}
    )
    return [(year, counts[str(year)]) for year in years if counts[str(year)]]


def _hours(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(TENTH)


def requests_section(scope: Scope) -> Section:
    received = _received(scope)
    if scope.facts:
        per_year = from_facts.received_per_year(scope)
        times = from_facts.answer_times(scope)
    else:
        per_year = _per_year(received)
        times = response_times_of(_answered(scope))
    years = [(str(year), n) for year, n in per_year]
    tables = [
        FigureTable(
            "requests-year",
            _("Demandes reçues par année d'envoi"),
            (Column("year", _("Année"), TEXT), Column("requests", _("Demandes"), COUNT)),
            tuple(years),
        ),
        FigureTable(
            "requests-first-answer",
            _("Délai de première réponse"),
            (Column("measure", _("Mesure"), TEXT), Column("value", _("Valeur"), TEXT)),
            (
                (_("Demandes ayant reçu une première réponse"), times.count),
                (_("Délai médian (heures)"), _hours(times.median_hours)),
                (_("90e centile (heures)"), _hours(times.p90_hours)),
                (_("Part des réponses dans le délai promis (%)"), times.within_commitment_percent),
            ),
            chart="",
            note=_(
                "Mesuré de l'envoi à la première réponse, pour le laboratoire dont c'était "
                "l'engagement ; « — » quand aucune demande n'a encore reçu de réponse."
            ),
        ),
    ]
    if scope.internal:
        outcomes = (
            from_facts.outcomes(scope)
            if scope.facts
            else dict(received.order_by().values_list("status").annotate(n=Count("pk")))
        )
        tables.append(
            FigureTable(
                "requests-outcome",
                _("Ce que sont devenues les demandes"),
                (Column("outcome", _("Issue"), TEXT), Column("requests", _("Demandes"), COUNT)),
                tuple(
                    (capfirst(str(label)), outcomes[value])
                    for value, label in RequestStatus.choices
                    if outcomes.get(value)
                ),
                internal=True,
            )
        )
    figures = (
        KeyFigure("received", _("demandes reçues"), sum(n for _y, n in years)),
        KeyFigure(
            "median_hours", _("délai médian de première réponse"), _hours(times.median_hours), HOURS
        ),
        KeyFigure(
            "within_commitment",
            _("réponses dans le délai promis"),
            times.within_commitment_percent,
            PERCENT,
        ),
    )
    return Section("requests", _("Demandes au guichet"), figures=figures, tables=tuple(tables))
