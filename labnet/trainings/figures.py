"""The trainings' figures: people trained, presences and completions by programme,
lab and region."""

from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    QuerySet,
)
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from .models import Cohort, Enrolment
from .selectors import CONFIRMED, PRESENT, TRAINED, cohort_counts, programme_list


@dataclass(frozen=True)
class FigureRow:
    label: str
    enrolled: int
    attending: int
    trained: int
    url: str = ""


def people_counts(enrolments: QuerySet[Enrolment], *fields) -> QuerySet:
    """People enrolled, attending and trained per group (`fields` of Enrolment), in one
    grouped query: the trainings page and the national dashboard count the same way."""
    return (
        enrolments.order_by()
        .values(*fields)
        .annotate(
            enrolled=Count("user", filter=CONFIRMED, distinct=True),
            attending=Count("user", filter=PRESENT, distinct=True),
            trained=Count("user", filter=TRAINED, distinct=True),
        )
    )


def training_figures() -> dict:
    """The counts per programme, cohort, lab and year of enrolment, and the totals: five
    queries whatever the size of the network."""
    programmes, stated = [], []
    for p in programme_list():
        programmes.append(
            FigureRow(
                p.name, p.enrolled_count, p.attending_count, p.trained_count, p.get_absolute_url()
            )
        )
        if p.stated_trained_count is not None:
            stated.append(p)
    cohorts = [
        FigureRow(
            c.name,
            c.confirmed_count,
            c.attending_count,
            c.trained_count,
            c.get_absolute_url(),
        )
        for c in cohort_counts(Cohort.objects.select_related("programme")).order_by(
            "programme__name", "number"
        )
    ]
    labs = [
        FigureRow(
            row["lab__name"] or _("Sans laboratoire"),
            row["enrolled"],
            row["attending"],
            row["trained"],
        )
        for row in people_counts(Enrolment.objects.all(), "lab__key", "lab__name").order_by(
            F("lab__name").asc(nulls_last=True), "lab__key"
        )
    ]
    years = [
        FigureRow(str(row["year"]), row["enrolled"], row["attending"], row["trained"])
        for row in people_counts(
            Enrolment.objects.annotate(year=ExtractYear("created_at")), "year"
        ).order_by("year")
    ]
    totals = Enrolment.objects.aggregate(
        enrolled=Count("user", filter=CONFIRMED, distinct=True),
        attending=Count("user", filter=PRESENT, distinct=True),
        trained=Count("user", filter=TRAINED, distinct=True),
    )
    return {
        "programmes": programmes,
        "stated": stated,
        "cohorts": cohorts,
        "labs": labs,
        "years": years,
        "totals": FigureRow(_("Total"), totals["enrolled"], totals["attending"], totals["trained"]),
    }
