"""The network dataset's funding_sources.csv, envelopes.csv and allocations.csv: their
specs and loaders.

Declared in `IMPORT_FILES`, which the importer discovers, so `import_network` validates
and loads them in the same all-or-nothing transaction as the other files. The sums the
services keep under row locks are checked here across the whole import before anything
is written: child envelopes within their parent, allocations within their envelope
(docs/data-format.md §8). An empty `amount_eur` is "not stated": the allocation is stored
with `amount_unknown`, never as 0.
"""

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from stdnum.fr import siret as stdnum_siret

from labnet.core.importing import (
    Boolean,
    Choice,
    Column,
    Counts,
    CrossFileView,
    Date,
    FileSpec,
    ImportFile,
    Invalid,
    Issue,
    Key,
    LoadContext,
    Number,
    Text,
    ValidatedFile,
    Year,
    free_text,
    max_len,
    source_column,
    upsert,
)
from labnet.labs.models import Lab
from labnet.projects.models import Project
from labnet.territories.import_specs import region_column

from .enums import AllocationStatus, FundingSourceKind
from .models import ZERO, Allocation, Envelope, FundingSource
from .money import format_number


class Siret:
    """A SIRET number, its checksum verified (python-stdnum); spaces are dropped."""

    empty = ""
    schema_type = "string"
    max_length = 17

    def __call__(self, raw: str) -> str:
        compact = stdnum_siret.compact(raw)
        if not stdnum_siret.is_valid(compact):
            raise Invalid(
                f"« {raw} » n'est pas un numéro SIRET valide (14 chiffres dont une clé de "
                "contrôle)."
            )
        return compact


def _eur(value: Decimal) -> str:
    return f"{format_number(value)} €"


def envelopes_fit_in_their_parent(validated: ValidatedFile, view: CrossFileView) -> list[Issue]:
    """The child envelopes of an envelope never sum beyond its amount (known amounts)."""
    amounts = dict(Envelope.objects.values_list("key", "amount_eur"))
    parents = {
        key: parent for key, parent in Envelope.objects.values_list("key", "parent__key") if parent
    }
    row_of = {}
    for row in validated.rows:
        amounts[row.key] = row.values.get("amount_eur")
        parents[row.key] = row.values.get("parent_key")
        row_of[row.key] = row.number
    children = defaultdict(list)
    for key, parent in parents.items():
        if parent:
            children[parent].append(key)
    issues = []
    for parent, kids in children.items():
        ceiling = amounts.get(parent)
        if ceiling is None:
            continue
        total = sum((amounts.get(k) or ZERO for k in kids), ZERO)
        if total > ceiling:
            culprit = max((k for k in kids if k in row_of), key=lambda k: row_of[k], default=None)
            issues.append(
                Issue(
                    validated.label,
                    row_of.get(culprit) or row_of.get(parent),
                    "amount_eur",
                    "",
                    f"les enveloppes filles de « {parent} » totalisent {_eur(total)}, plus que "
                    f"son montant de {_eur(ceiling)}.",
                    validated.row_word,
                )
            )
    return issues


def allocations_fit_in_their_envelope(validated: ValidatedFile, view: CrossFileView) -> list[Issue]:
    """The live allocations of an envelope plus its child envelopes never sum beyond it."""
    amounts = dict(Envelope.objects.values_list("key", "amount_eur"))
    split = defaultdict(lambda: ZERO)
    for parent, amount in Envelope.objects.exclude(parent=None).values_list(
        "parent__key", "amount_eur"
    ):
        split[parent] += amount or ZERO
    envelopes = view.validated.get("envelopes")
    if envelopes is not None:
        split = defaultdict(lambda: ZERO)
        for row in envelopes.rows:
            amounts[row.key] = row.values.get("amount_eur")
        in_file = {row.key for row in envelopes.rows}
        for key, parent, amount in Envelope.objects.exclude(parent=None).values_list(
            "key", "parent__key", "amount_eur"
        ):
            if key not in in_file:
                split[parent] += amount or ZERO
        for row in envelopes.rows:
            if row.values.get("parent_key"):
                split[row.values["parent_key"]] += row.values.get("amount_eur") or ZERO
    file_keys = {row.key for row in validated.rows}
    held = defaultdict(lambda: ZERO)
    for key, envelope, amount in Allocation.objects.filter(
        status__in=AllocationStatus.holding()
    ).values_list("key", "envelope__key", "amount_eur"):
        if key not in file_keys:
            held[envelope] += amount or ZERO
    issues = []
    for row in validated.rows:
        amount = row.values.get("amount_eur")
        envelope = row.values["envelope_key"]
        if amount is None or not AllocationStatus(row.values["status"]).counts_against_envelope:
            continue
        ceiling = amounts.get(envelope)
        used = held[envelope] + split[envelope]
        if ceiling is not None and used + amount > ceiling:
            issues.append(
                Issue(
                    validated.label,
                    row.number,
                    "amount_eur",
                    str(amount),
                    f"l'enveloppe « {envelope} » est de {_eur(ceiling)} et {_eur(used)} sont déjà "
                    f"attribués ou répartis : il reste {_eur(max(ceiling - used, ZERO))}, moins "
                    f"que les {_eur(amount)} de cette attribution.",
                    validated.row_word,
                )
            )
        held[envelope] += amount
    return issues


def allocations_have_one_beneficiary(validated: ValidatedFile, view: CrossFileView) -> list[Issue]:
    issues = []
    for row in validated.rows:
        named = [
            name for name in ("lab_key", "project_key", "beneficiary_name") if row.values.get(name)
        ]
        if len(named) != 1:
            issues.append(
                Issue(
                    validated.label,
                    row.number,
                    "lab_key",
                    "",
                    "indiquez un seul bénéficiaire : lab_key, project_key ou beneficiary_name "
                    f"({'aucun' if not named else ', '.join(named)}).",
                    validated.row_word,
                )
            )
        if row.values.get("beneficiary_siret") and not row.values.get("beneficiary_name"):
            issues.append(
                Issue(
                    validated.label,
                    row.number,
                    "beneficiary_siret",
                    row.values["beneficiary_siret"],
                    "un SIRET ne s'indique qu'avec beneficiary_name "
                    "(bénéficiaire hors plateforme).",
                    validated.row_word,
                )
            )
        start, end = row.values.get("period_start"), row.values.get("period_end")
        if start and end and end < start:
            issues.append(
                Issue(
                    validated.label,
                    row.number,
                    "period_end",
                    end.isoformat(),
                    f"la fin ({end.isoformat()}) est avant le début ({start.isoformat()}).",
                    validated.row_word,
                )
            )
    return issues


MONEY = Number(max_digits=14, decimal_places=2)

FUNDING_SOURCES = FileSpec(
    name="funding_sources",
    model=FundingSource,
    key="key",
    unknown_reference="« {value} » n'est pas une clé de source de financement connue.",
    columns=(
        Column("key", Key(max_len(FundingSource, "key")), required=True),
        Column("name", Text(max_len(FundingSource, "name")), required=True),
        Column("kind", Choice.of(FundingSourceKind), required=True),
        source_column(),
    ),
)

ENVELOPES = FileSpec(
    name="envelopes",
    model=Envelope,
    key="key",
    unknown_reference="« {value} » n'est pas une clé d'enveloppe connue.",
    rules=(envelopes_fit_in_their_parent,),
    columns=(
        Column("key", Key(max_len(Envelope, "key")), required=True),
        Column("name", Text(max_len(Envelope, "name")), required=True),
        Column(
            "funding_source_key",
            Key(max_len(FundingSource, "key")),
            attr="funding_source",
            required=True,
            ref="funding_sources",
        ),
        Column("parent_key", Key(max_len(Envelope, "key")), attr="parent", ref="envelopes"),
        Column("amount_eur", MONEY),
        Column("year", Year(1900, 2100)),
        Column("scope", Text(max_len(Envelope, "scope"))),
        Column("description", free_text(Envelope, "description"), required=True),
        source_column(),
    ),
)

ALLOCATIONS = FileSpec(
    name="allocations",
    model=Allocation,
    key="key",
    unknown_reference="« {value} » n'est pas une clé d'attribution connue.",
    rules=(allocations_have_one_beneficiary, allocations_fit_in_their_envelope),
    columns=(
        Column("key", Key(max_len(Allocation, "key")), required=True),
        Column(
            "envelope_key",
            Key(max_len(Envelope, "key")),
            attr="envelope",
            required=True,
            ref="envelopes",
        ),
        Column("lab_key", Key(max_len(Lab, "key")), attr="lab", ref="labs"),
        Column("project_key", Key(max_len(Project, "key")), attr="project", ref="projects"),
        Column("beneficiary_name", Text(max_len(Allocation, "beneficiary_name"))),
        Column("beneficiary_siret", Siret()),
        Column("amount_eur", MONEY),
        Column("fte", Number(max_digits=6, decimal_places=2)),
        Column("year", Year(1900, 2100)),
        Column("period_start", Date()),
        Column("period_end", Date()),
        Column("status", Choice.of(AllocationStatus), required=True),
        Column("convention_signed_on", Date()),
        Column("convention_reference", Text(max_len(Allocation, "convention_reference"))),
        Column("decision", free_text(Allocation, "decision")),
        Column("description", free_text(Allocation, "description"), required=True),
        source_column(),
    ),
)

# Not columns of the file: what the loader derives for each row.
_DERIVED = (Column("amount_unknown", Boolean()), region_column())


def load_allocations(validated: ValidatedFile, context: LoadContext) -> Counts:
    """An empty amount is "not stated" (amount_unknown); the region is the beneficiary's."""
    lab_regions = dict(Lab.objects.values_list("key", "region_id"))
    project_regions = {
        key: region or lead_region
        for key, region, lead_region in Project.objects.values_list(
            "key", "region_id", "lead_lab__region_id"
        )
    }
    rows = []
    for row in validated.rows:
        values = dict(row.values)
        values["amount_unknown"] = values.get("amount_eur") is None
        if values.get("lab_key"):
            values["region_code"] = lab_regions.get(values["lab_key"])
        elif values.get("project_key"):
            values["region_code"] = project_regions.get(values["project_key"])
        else:
            values["region_code"] = None
        rows.append(replace(row, values=values))
    as_written = replace(validated, rows=rows, present=(*validated.present, *_DERIVED))
    return upsert(as_written, context)


IMPORT_FILES = (
    ImportFile(FUNDING_SOURCES),
    ImportFile(ENVELOPES),
    ImportFile(ALLOCATIONS, loader=load_allocations),
)
