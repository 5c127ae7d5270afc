"""The network dataset's organisations.csv: administrations, operators and partners."""

from labnet.core.importing import (
    Choice,
    Column,
    FileSpec,
    ImportFile,
    Key,
    Text,
    Url,
    max_len,
    source_column,
)
from labnet.territories.import_specs import region_column

from .enums import CivilServiceSide, OrganisationKind
from .models import Organisation

ORGANISATIONS = FileSpec(
    name="organisations",
    model=Organisation,
    key="key",
    unknown_reference="« {value} » n'est pas une clé d'organisation connue.",
    name_column="name",
    columns=(
        Column("key", Key(max_len(Organisation, "key")), required=True),
        Column("name", Text(max_len(Organisation, "name")), required=True),
        Column("acronym", Text(max_len(Organisation, "acronym"))),
        Column("kind", Choice.of(OrganisationKind), required=True),
        Column("civil_service_side", Choice.of(CivilServiceSide)),
        region_column(),
        Column(
            "parent_key",
            Key(max_len(Organisation, "key")),
            attr="parent",
            ref="organisations",
        ),
        Column("website", Url(max_len(Organisation, "website"))),
        source_column(),
    ),
)

IMPORT_FILES = (ImportFile(ORGANISATIONS),)
