"""The rows and columns of two open datasets: the decided funding allocations and the
public indicators of published projects.

Both read through their domain's selectors as an anonymous visitor would, so what they
publish is exactly what the public pages show: decided allocations only (planned ones
stay internal, cancelled ones are not funding), and public indicators of published
projects only. Neither holds anything about a person: no author, no recorder, no
reporting note, no free comment on a measured value.
"""

from collections.abc import Iterator
from decimal import Decimal
from itertools import islice

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Max, Prefetch, Sum

from labnet.funding.models import Allocation
from labnet.funding.selectors.allocations import paid_totals, visible_allocations
from labnet.impact.models import Indicator, Measurement
from labnet.impact.progress import indicator_progress
from labnet.impact.selectors import visible_indicators_filter

from .fields import CHUNK, Column

CENT = Decimal("0.01")


def decided_allocations():
    """The allocations everyone may read (committed or paid), as the funding selectors
    give them to a visitor, oldest key first so that the file's order is stable."""
    return visible_allocations(user=AnonymousUser()).order_by("key")


def batched(iterable, size: int):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def cents(amount: Decimal | None) -> Decimal | None:
    """A sum in euros with its two decimals (SQLite's SUM drops trailing zeros)."""
    return None if amount is None else amount.quantize(CENT)


def beneficiary_kind(allocation: Allocation) -> str:
    if allocation.lab_id:
        return "lab"
    if allocation.project_id:
        return "project"
    return "named"


def allocation_rows() -> Iterator[dict]:
    """One row per decided allocation, with what was paid on it (one query per chunk)."""
    for batch in batched(decided_allocations().iterator(chunk_size=CHUNK), CHUNK):
        paid = paid_totals(allocation_ids=[a.pk for a in batch])
        for allocation in batch:
            project = allocation.project
            # A decided allocation may fund a project whose sheet is not published: its
            # title is not public, only the lab that leads it.
            shown_project = project if project is not None and project.is_public else None
            lab = allocation.funded_lab
            envelope = allocation.envelope
            yield {
                "key": allocation.key,
                "funding_source_key": envelope.funding_source.key,
                "funding_source_name": envelope.funding_source.name,
                "envelope_key": envelope.key,
                "envelope_name": envelope.name,
                "beneficiary_kind": beneficiary_kind(allocation),
                "lab_key": lab.key if lab else "",
                "lab_name": lab.name if lab else "",
                "project_key": shown_project.key if shown_project else "",
                "project_title": shown_project.title if shown_project else "",
                "beneficiary_name": allocation.beneficiary_name,
                "beneficiary_siret": allocation.beneficiary_siret,
                "region_code": allocation.region_id or "",
                "amount_eur": allocation.amount_eur,
                "amount_unknown": allocation.amount_unknown,
                "fte": allocation.fte,
                "year": allocation.year,
                "period_start": allocation.period_start,
                "period_end": allocation.period_end,
                "status": allocation.status,
                "convention_signed_on": allocation.convention_signed_on,
                "paid_eur": cents(paid.get(allocation.pk)),
                "page": allocation.get_absolute_url(),
            }


def allocations_modified():
    """The last change of a decided allocation or of a payment on one (a payment moves
    `paid_eur` without touching the allocation's row)."""
    latest = decided_allocations().aggregate(a=Max("updated_at"), p=Max("payments__created_at"))
    return max((d for d in latest.values() if d is not None), default=None)


def public_indicators():
    """Public indicators of published projects: what `impact.selectors` lets a visitor
    read, with their measured values oldest first."""
    values = Measurement.objects.only("indicator_id", "value", "measured_on").order_by(
        F("measured_on").asc(nulls_first=True), "pk"
    )
    return (
        Indicator.objects.filter(visible_indicators_filter(AnonymousUser()))
        .select_related("project__lead_lab")
        .prefetch_related(Prefetch("measurements", queryset=values))
        .order_by("key")
    )


def indicator_rows() -> Iterator[dict]:
    """One row per measured value (an indicator with none has one row without a value),
    each with the progress towards the target that value means."""
    for indicator in public_indicators().iterator(chunk_size=CHUNK):
        project = indicator.project
        common = {
            "indicator_key": indicator.key,
            "indicator_name": indicator.name,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "project_key": project.key,
            "project_title": project.title,
            "lead_lab_key": project.lead_lab.key if project.lead_lab_id else "",
            "baseline_value": indicator.baseline_value,
            "baseline_on": indicator.baseline_on,
            "target_value": indicator.target_value,
            "target_on": indicator.target_on,
        }
        measurements = list(indicator.measurements.all()) or [None]
        for position, measurement in enumerate(measurements, start=1):
            value = measurement.value if measurement is not None else None
            progress = indicator_progress(indicator, current=value)
            yield common | {
                "measured_on": measurement.measured_on if measurement else None,
                "value": value,
                "is_latest": measurement is not None and position == len(measurements),
                "progress_percent": progress.percent,
                "page": project.get_absolute_url(),
            }


def indicators_modified():
    indicators = Indicator.objects.filter(visible_indicators_filter(AnonymousUser()))
    latest = indicators.aggregate(i=Max("updated_at"), m=Max("measurements__created_at"))
    return max((d for d in latest.values() if d is not None), default=None)


def indicators_version() -> str:
    """Moves with any change of a published value, a correction included (a corrected
    value keeps its creation date but moves the sum)."""
    indicators = Indicator.objects.filter(visible_indicators_filter(AnonymousUser()))
    values = Measurement.objects.filter(indicator__in=indicators).aggregate(
        n=Count("pk"), total=Sum("value"), latest=Max("created_at")
    )
    return "|".join(str(v) for v in (indicators_modified(), *values.values()))


S = "string"
ALLOCATION_COLUMNS = (
    Column("key", S, "Clé", "Identifiant stable de l'attribution dans LabNet", required=True),
    Column("funding_source_key", S, "Clé de la source de financement", required=True),
    Column("funding_source_name", S, "Source de financement"),
    Column("envelope_key", S, "Clé de l'enveloppe", required=True),
    Column("envelope_name", S, "Enveloppe"),
    Column(
        "beneficiary_kind",
        S,
        "Nature du bénéficiaire",
        "lab : un laboratoire ; project : un projet (porté par lab_key) ; named : un "
        "bénéficiaire hors plateforme (beneficiary_name)",
        required=True,
        enum=["lab", "project", "named"],
    ),
    Column("lab_key", S, "Clé du laboratoire bénéficiaire ou porteur du projet"),
    Column("lab_name", S, "Laboratoire"),
    Column("project_key", S, "Clé du projet", "Vide si la fiche du projet n'est pas publiée"),
    Column("project_title", S, "Projet"),
    Column("beneficiary_name", S, "Bénéficiaire hors plateforme", "Une collectivité, un service"),
    Column(
        "beneficiary_siret",
        S,
        "SIRET du bénéficiaire hors plateforme",
        extra={"constraints": {"pattern": r"^(\d{14})?$"}},
    ),
    Column("region_code", S, "Code INSEE de la région du bénéficiaire"),
    Column(
        "amount_eur",
        "number",
        "Montant (€)",
        "Vide quand la source ne l'indique pas (voir amount_unknown) : jamais 0 par défaut",
        extra={"constraints": {"minimum": 0}},
    ),
    Column("amount_unknown", "boolean", "Montant non indiqué par la source"),
    Column("fte", "number", "Soutien en ETP", extra={"constraints": {"minimum": 0}}),
    Column("year", "integer", "Année"),
    Column("period_start", "date", "Début de la période"),
    Column("period_end", "date", "Fin de la période"),
    Column(
        "status",
        S,
        "Statut",
        "committed : engagée (convention signée) ; paid : versée",
        required=True,
        enum=["committed", "paid"],
    ),
    Column("convention_signed_on", "date", "Convention signée le"),
    Column("paid_eur", "number", "Total versé (€)", "Vide si aucun versement enregistré"),
    Column("page", S, "Page dans LabNet"),
)
INDICATOR_COLUMNS = (
    Column("indicator_key", S, "Clé de l'indicateur", required=True),
    Column("indicator_name", S, "Indicateur", required=True),
    Column("unit", S, "Unité"),
    Column(
        "direction",
        S,
        "Sens souhaité",
        "increase : plus haut est mieux ; decrease : plus bas est mieux",
        enum=["increase", "decrease"],
    ),
    Column("project_key", S, "Clé du projet", required=True),
    Column("project_title", S, "Projet"),
    Column("lead_lab_key", S, "Clé du laboratoire porteur"),
    Column("baseline_value", "number", "Valeur de référence"),
    Column("baseline_on", "date", "Date de référence"),
    Column("target_value", "number", "Cible"),
    Column("target_on", "date", "Échéance de la cible"),
    Column("measured_on", "date", "Date de la mesure", "Vide si la source ne la date pas"),
    Column("value", "number", "Valeur mesurée", "Vide pour un indicateur encore sans mesure"),
    Column("is_latest", "boolean", "Valeur actuelle de l'indicateur (la plus récente)"),
    Column(
        "progress_percent",
        "number",
        "Progression vers la cible à cette valeur (%)",
        "De 0 à 100 ; vide quand elle n'est pas calculable (référence, cible ou valeur "
        "manquante, cible dans le mauvais sens)",
        extra={"constraints": {"minimum": 0, "maximum": 100}},
    ),
    Column("page", S, "Fiche du projet dans LabNet"),
)
