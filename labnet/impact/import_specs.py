"""The network dataset's indicators.csv: its spec and loader.

Declared in `IMPORT_FILES`, which the importer discovers, so `import_network` validates
and loads it in the same all-or-nothing transaction as the other files.

A row is an indicator of a project; its `measured_value` (with `measured_on` when the
source dates it) becomes the indicator's one imported measured value, updated in place
by a re-import (never a second value). The dataset's indicators are public facts: a new
one is published on the project's sheet; a later choice made in LabNet is kept.
"""

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from labnet.core.importing import (
    Choice,
    Column,
    Counts,
    Date,
    FileSpec,
    ImportFile,
    Invalid,
    Key,
    LoadContext,
    Text,
    ValidatedFile,
    free_text,
    max_len,
    source_column,
    upsert,
)
from labnet.projects.models import Project

from .enums import Direction
from .models import VALUE, Indicator, Measurement


@dataclass(frozen=True)
class SignedNumber:
    """A decimal that may be negative (a relative change: -50 for "halved")."""

    max_digits: int
    decimal_places: int
    empty = None
    schema_type = "number"  # its Table Schema type (data/schemas/)

    def __call__(self, raw: str) -> Decimal:
        try:
            value = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            raise Invalid(f"« {raw} » n'est pas un nombre (ex. -50 ou 24).") from None
        if not value.is_finite():
            raise Invalid(f"« {raw} » n'est pas un nombre (ex. -50 ou 24).")
        if -value.as_tuple().exponent > self.decimal_places:
            raise Invalid(
                f"« {raw} » a trop de décimales ({self.decimal_places} au plus après la virgule)."
            )
        if abs(value) >= Decimal(10) ** (self.max_digits - self.decimal_places):
            raise Invalid(f"« {raw} » est trop grand.")
        return value


NUMBER = SignedNumber(VALUE["max_digits"], VALUE["decimal_places"])

INDICATORS = FileSpec(
    name="indicators",
    model=Indicator,
    key="key",
    unknown_reference="« {value} » n'est pas une clé d'indicateur connue.",
    columns=(
        Column("key", Key(max_len(Indicator, "key")), required=True),
        Column(
            "project_key",
            Key(max_len(Project, "key")),
            attr="project",
            required=True,
            ref="projects",
        ),
        Column("name", Text(max_len(Indicator, "name")), required=True),
        Column("unit", Text(max_len(Indicator, "unit")), required=True),
        Column("baseline", NUMBER, attr="baseline_value"),
        Column("target", NUMBER, attr="target_value"),
        Column("measured_value", NUMBER),
        Column("measured_on", Date()),
        Column("direction", Choice.of(Direction), required=True),
        Column("source_text", free_text(Indicator, "source_text"), required=True),
        source_column(),
    ),
)
_MEASURED = ("measured_value", "measured_on")
# Not a column of the file: what a new indicator gets (see Column.default / upsert).
_NEW_INDICATOR_PUBLIC = Column("is_public", Text(), optional=True, default=True)


def load_indicators(validated: ValidatedFile, context: LoadContext) -> Counts:
    """Indicators are upserted by key; each row's measured value is then the indicator's
    imported measurement (created, updated or removed to match the file)."""
    rows = [
        replace(row, values={k: v for k, v in row.values.items() if k not in _MEASURED})
        for row in validated.rows
    ]
    present = tuple(c for c in validated.present if c.name not in _MEASURED)
    spec = replace(validated.spec, columns=(*validated.spec.columns, _NEW_INDICATOR_PUBLIC))
    counts = upsert(replace(validated, spec=spec, rows=rows, present=present), context)

    measured = {
        row.key: (row.values.get("measured_value"), row.values.get("measured_on"))
        for row in validated.rows
    }
    ids = dict(Indicator.objects.filter(key__in=list(measured)).values_list("key", "pk"))
    quotes = {row.key: row.values["source_text"] for row in validated.rows}
    existing = {
        m.indicator_id: m
        for m in Measurement.objects.filter(indicator_id__in=ids.values(), is_imported=True)
    }
    create, update, remove = [], [], []
    for key, (value, measured_on) in measured.items():
        indicator_id = ids[key]
        current = existing.get(indicator_id)
        if value is None:
            if current is not None:
                remove.append(current.pk)
            continue
        if current is None:
            create.append(
                Measurement(
                    indicator_id=indicator_id,
                    value=value,
                    measured_on=measured_on,
                    source_text=quotes[key],
                    is_imported=True,
                )
            )
        elif (current.value, current.measured_on, current.source_text) != (
            value,
            measured_on,
            quotes[key],
        ):
            current.value, current.measured_on = value, measured_on
            current.source_text = quotes[key]
            update.append(current)
    Measurement.objects.bulk_create(create)
    Measurement.objects.bulk_update(update, ["value", "measured_on", "source_text"])
    Measurement.objects.filter(pk__in=remove).delete()
    return counts


IMPORT_FILES = (ImportFile(INDICATORS, loader=load_indicators),)
