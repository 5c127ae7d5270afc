"""The network dataset's figures.csv: the figures the documents state.

Declared in `IMPORT_FILES`, which the importer discovers. `computed_figure` must name an
entry of `computed.REGISTRY` (or be empty).
"""

from dataclasses import dataclass

from labnet.core.importing import (
    Choice,
    Column,
    Date,
    FileSpec,
    ImportFile,
    Invalid,
    Key,
    Number,
    Text,
    max_len,
    source_column,
)

from .computed import REGISTRY
from .models import Qualifier, StatedFigure


@dataclass(frozen=True)
class ComputedKey:
    empty = ""
    schema_type = "string"
    max_length = 64

    def __call__(self, raw: str) -> str:
        if raw not in REGISTRY:
            raise Invalid(
                f"« {raw} » n'est pas un chiffre calculé connu (valeurs possibles : "
                f"{', '.join(sorted(REGISTRY))})."
            )
        return raw


FIGURES = FileSpec(
    name="figures",
    model=StatedFigure,
    key="key",
    unknown_reference="« {value} » n'est pas une clé de chiffre connue.",
    columns=(
        Column("key", Key(max_len(StatedFigure, "key")), required=True),
        Column("label_fr", Text(max_len(StatedFigure, "label_fr")), required=True),
        Column("label_en", Text(max_len(StatedFigure, "label_en")), required=True),
        Column("value", Number(max_digits=16, decimal_places=2), required=True),
        Column("unit", Text(max_len(StatedFigure, "unit")), required=True),
        Column("qualifier", Choice.of(Qualifier), required=True),
        Column("as_of", Date()),
        Column("scope", Text(max_len(StatedFigure, "scope"))),
        # Optional: a file written before the registry existed still loads, and a link
        # set in LabNet is kept.
        Column("computed_figure", ComputedKey(), optional=True),
        source_column(),
    ),
)


IMPORT_FILES = (ImportFile(FIGURES),)
