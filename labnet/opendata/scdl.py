"""The decided allocations in the national grants format, SCDL "subventions" 2.1.1
(the "données essentielles des conventions de subvention"; docs/adr/0042).

Exactly the schema's 16 columns in its order, one row per beneficiary (an allocation has
one), dates as ISO 8601, `notificationUE` as oui/non, numbers with a point. The awarding
body is the network's coordination: its name and SIRET come from the settings
(`LABNET_ATTRIBUTING_NAME`, `LABNET_ATTRIBUTING_SIRET`); without a valid SIRET the file is
not published at all (`ScdlUnavailable`).

The schema makes some columns mandatory that LabNet cannot always fill honestly, so a
decided allocation is in the file only when it has all of them (`missing_requirements`
says which are missing, the open data page counts them). With the network's own data
(`data/network/allocations.csv`) no allocation qualifies: the documents state no amount
for any of them ("montant non indiqué"), no SIRET for the beneficiaries or the labs'
hosts, and one convention date; the page says so rather than publishing guesses.

- a beneficiary identified by its SIRET. An outside beneficiary (a local authority, a
  service) carries its own. A lab is not a legal entity: the money goes to its host
  organisation, so a lab's allocation is a row in the host's name with the host's SIRET
  (`organisations.Organisation.siret`) when LabNet knows it, and cannot be a row
  otherwise. A project's allocation is never a row: LabNet does not record which
  organisation received it (the lead lab's host, or a local authority among its partners),
  and naming one would be a guess;
- a known amount in euros (`montant` is mandatory: an amount the source does not state,
  or staff support in FTE alone, cannot be written);
- the date of the convention (`dateConvention`);
- a payment date or period (`datesPeriodeVersement`): the payments recorded, else the
  allocation's period, else its year.
"""

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Min
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.fr import siret as stdnum_siret

from labnet.core.csv_safety import spreadsheet_safe
from labnet.funding.models import Allocation, Payment

from .fields import CHUNK
from .money_and_impact import batched, decided_allocations

VERSION = "2.1.1"
# The schema's own address, as its `path` says (the SCDL's public repository).
SCHEMA_URL = "https://gitlab.com/opendatafrance/scdl/subventions/raw/v2.1.1/schema.json"
FIELDS = (
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "rnaBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "dispositifAide",
)
OBJECT_MAX = 256
CASH, IN_KIND = "aide en numéraire", "aide en nature"

PROJECT = gettext_lazy("bénéficiaire projet (organisme receveur non enregistré)")
LAB_WITHOUT_SIRET = gettext_lazy("laboratoire dont la structure d'accueil n'a pas de SIRET connu")
NO_SIRET = gettext_lazy("bénéficiaire hors plateforme sans SIRET")
NO_AMOUNT = gettext_lazy("montant non indiqué")
NO_CONVENTION = gettext_lazy("date de convention non indiquée")
NO_DATES = gettext_lazy("ni versement, ni période, ni année")


class ScdlUnavailable(Exception):
    """The awarding body's SIRET is not configured (or not valid): no SCDL file."""


def awarding_body() -> tuple[str, str]:
    """(name, SIRET) of the awarding body, from the settings; raises ScdlUnavailable."""
    siret = stdnum_siret.compact(settings.LABNET_ATTRIBUTING_SIRET or "")
    if not siret or not stdnum_siret.is_valid(siret):
        raise ScdlUnavailable(
            _(
                "Le fichier au format SCDL n'est pas publié : le SIRET de l'attribuant "
                "(LABNET_ATTRIBUTING_SIRET) n'est pas configuré ou n'est pas valide."
            )
        )
    return settings.LABNET_ATTRIBUTING_NAME, siret


def is_available() -> bool:
    try:
        awarding_body()
    except ScdlUnavailable:
        return False
    return True


@dataclass(frozen=True)
class PaymentDates:
    count: int = 0
    first: date | None = None
    last: date | None = None


def _payment_dates(allocation_ids) -> dict[int, PaymentDates]:
    rows = (
        Payment.objects.filter(allocation_id__in=list(allocation_ids))
        .values("allocation_id")
        .annotate(n=Count("pk"), first=Min("paid_on"), last=Max("paid_on"))
        .order_by()
    )
    return {r["allocation_id"]: PaymentDates(r["n"], r["first"], r["last"]) for r in rows}


def payment_period(allocation: Allocation, payments: PaymentDates) -> str:
    """`datesPeriodeVersement`: the one payment's date, the span of several payments,
    else the allocation's period, else its calendar year; "" when nothing is known."""
    if payments.count == 1:
        return payments.first.isoformat()
    if payments.count > 1:
        return f"{payments.first.isoformat()}/{payments.last.isoformat()}"
    if allocation.period_start and allocation.period_end:
        return f"{allocation.period_start.isoformat()}/{allocation.period_end.isoformat()}"
    if allocation.year:
        return f"{allocation.year}-01-01/{allocation.year}-12-31"
    return ""


def beneficiary(allocation: Allocation) -> tuple[str, str]:
    """(name, SIRET) of the legal entity that receives the allocation, SIRET "" if unknown:
    the outside beneficiary itself, or the host organisation of a funded lab."""
    if allocation.project_id:
        return "", ""
    if allocation.lab_id:
        host = allocation.lab.host
        if host is None or not stdnum_siret.is_valid(host.siret or ""):
            return "", ""
        return host.name, host.siret
    return allocation.beneficiary_name, allocation.beneficiary_siret


def missing_requirements(allocation: Allocation, payments: PaymentDates) -> list[str]:
    """What the schema requires and a decided allocation lacks (empty when it can be a
    row): every missing thing, not the first one, so the open data page says all of it."""
    missing = []
    if allocation.project_id:
        missing.append(str(PROJECT))
    elif not beneficiary(allocation)[1]:
        missing.append(str(LAB_WITHOUT_SIRET if allocation.lab_id else NO_SIRET))
    if allocation.amount_eur is None:
        missing.append(str(NO_AMOUNT))
    if allocation.convention_signed_on is None:
        missing.append(str(NO_CONVENTION))
    if not payment_period(allocation, payments):
        missing.append(str(NO_DATES))
    return missing


def _conditions(payments: PaymentDates) -> str:
    # The schema's values: "unique", "échelonné", or "autre" (here: not yet paid, so
    # how it will be paid is not recorded).
    if payments.count > 1:
        return "échelonné"
    if payments.count == 1:
        return "unique"
    return "autre"


def _object(allocation: Allocation) -> str:
    text = " ".join((allocation.description or allocation.envelope.name).split())
    if allocation.lab_id:
        # The row is in the host's name: the object says which of its teams is funded.
        text = f"{allocation.lab.name} : {text}"
    return text if len(text) <= OBJECT_MAX else text[: OBJECT_MAX - 1] + "…"


def _row(allocation: Allocation, payments: PaymentDates, name: str, siret: str) -> dict:
    beneficiary_name, beneficiary_siret = beneficiary(allocation)
    return {
        "nomAttribuant": name,
        "idAttribuant": siret,
        "dateConvention": allocation.convention_signed_on.isoformat(),
        "referenceDecision": allocation.convention_reference,
        "nomBeneficiaire": beneficiary_name,
        "idBeneficiaire": beneficiary_siret,
        # LabNet identifies outside beneficiaries by SIRET only, never by RNA number.
        "rnaBeneficiaire": "",
        "objet": _object(allocation),
        "montant": format(allocation.amount_eur, "f"),
        "nature": f"{CASH};{IN_KIND}" if allocation.fte else CASH,
        "conditionsVersement": _conditions(payments),
        "datesPeriodeVersement": payment_period(allocation, payments),
        "idRAE": "",
        # Recorded per allocation by the coordination (Allocation.eu_notified), "non" by
        # default: the network funds public bodies' innovation, rarely notified state aid.
        "notificationUE": "oui" if allocation.eu_notified else "non",
        # One beneficiary per allocation: it receives all of it.
        "pourcentageSubvention": "1.00",
        "dispositifAide": "",
    }


def _decided_with_payments() -> Iterator[tuple[Allocation, PaymentDates]]:
    allocations = decided_allocations().select_related("lab__host").iterator(chunk_size=CHUNK)
    for batch in batched(allocations, CHUNK):
        dates = _payment_dates(a.pk for a in batch)
        for allocation in batch:
            yield allocation, dates.get(allocation.pk, PaymentDates())


def scdl_rows(*, name: str, siret: str) -> Iterator[dict]:
    """The rows, for the awarding body `awarding_body()` returned."""
    for allocation, payments in _decided_with_payments():
        if not missing_requirements(allocation, payments):
            yield _row(allocation, payments, name, siret)


@dataclass(frozen=True)
class Coverage:
    """What the file holds of the decided allocations: `written` rows, `left_out`
    allocations not in it, and for each requirement of the schema how many of those lack
    it (one allocation may lack several, so these may add up to more than `left_out`)."""

    written: int
    left_out: int
    lacking: dict[str, int]


def scdl_coverage() -> Coverage:
    """What the open data page says about the file."""
    written, left_out, lacking = 0, 0, {}
    for allocation, payments in _decided_with_payments():
        missing = missing_requirements(allocation, payments)
        if not missing:
            written += 1
            continue
        left_out += 1
        for reason in missing:
            lacking[reason] = lacking.get(reason, 0) + 1
    return Coverage(written=written, left_out=left_out, lacking=lacking)


def data_version() -> str:
    """Changes when a decided allocation or a payment does (what the file is made of)."""
    allocations = decided_allocations().aggregate(n=Count("pk"), latest=Max("updated_at"))
    payments = Payment.objects.aggregate(n=Count("pk"), latest=Max("created_at"))
    parts = (settings.LABNET_ATTRIBUTING_NAME, settings.LABNET_ATTRIBUTING_SIRET)
    parts += (*allocations.values(), *payments.values())
    return hashlib.sha256("|".join(str(v) for v in parts).encode()).hexdigest()


def scdl_coverage_cached() -> Coverage:
    """`scdl_coverage`, kept in the cache until an allocation or a payment changes."""
    key = f"opendata:scdl:coverage:v2:{data_version()}"
    coverage = cache.get(key)
    if coverage is None:
        coverage = scdl_coverage()
        cache.set(key, coverage, timeout=24 * 3600)
    return coverage


def scdl_csv_stream(*, name: str, siret: str) -> Iterator[str]:
    """The SCDL file: UTF-8, comma, header line then one line per row. The caller asks
    `awarding_body()` first, so a missing SIRET is said before anything is sent."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(FIELDS)
    yield flush()
    for row in scdl_rows(name=name, siret=siret):
        writer.writerow([spreadsheet_safe(row[name]) for name in FIELDS])
        yield flush()
