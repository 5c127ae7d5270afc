"""The network dataset's themes.csv and labs.csv, and the networks labs belong to.

A lab's status may be left empty: the documents do not always say whether a lab still
works, and the format never guesses (docs/data-format.md §3), so an empty cell is
stored as « non renseigné ». A closed lab may say when it closed (`closed_on`); only a
closed lab has such a date.
"""

from labnet.core.importing import (
    Choice,
    Column,
    Counts,
    CrossFileView,
    Date,
    Email,
    FileOutcome,
    FileSpec,
    ImportFile,
    Issue,
    Key,
    LoadContext,
    Number,
    OptionalBoolean,
    Text,
    Url,
    ValidatedFile,
    Year,
    free_text,
    max_len,
    source_column,
    upsert,
)
from labnet.organisations.models import Organisation
from labnet.territories.import_specs import (
    departments_column,
    departments_in_region,
    region_column,
)

from .enums import LabKind, LabMission, LabStatus
from .models import Lab, Network, Theme

# The networks a lab may belong to are part of the format, not of the data: the
# importer creates these rows itself (see load_labs).
NETWORK_NAMES = {
    "territorial_network": "Réseau des laboratoires d'innovation territoriale",
    "public_labs_network": "Réseau des laboratoires d'innovation publique animé par la DITP",
}

# What labs.csv may write in `status`; an empty cell is LabStatus.NOT_STATED.
STATED_LAB_STATUSES = tuple(s for s in LabStatus.values if s != LabStatus.NOT_STATED)


def themes_column() -> Column:
    return Column("themes", Key(max_len(Theme, "key")), many=True, ref="themes")


def closed_on_only_when_closed(validated: ValidatedFile, view: CrossFileView) -> list[Issue]:
    """A closing date belongs to a closed lab, and comes after its founding year."""
    issues = []
    for row in validated.rows:
        closed_on = row.values.get("closed_on")
        if closed_on is None:
            continue
        status = row.values.get("status")
        message = None
        if status != LabStatus.CLOSED:
            stated = f"« {status} »" if status != LabStatus.NOT_STATED else "vide"
            message = (
                "une date de fermeture n'est possible que pour un laboratoire fermé "
                f"(status « closed ») ; ici status est {stated}."
            )
        elif row.values.get("founded_year") and closed_on.year < row.values["founded_year"]:
            message = (
                f"le laboratoire ne peut pas fermer ({closed_on.isoformat()}) avant l'année "
                f"de sa création ({row.values['founded_year']})."
            )
        if message:
            issues.append(
                Issue(
                    validated.label,
                    row.number,
                    "closed_on",
                    closed_on.isoformat(),
                    message,
                    validated.row_word,
                )
            )
    return issues


THEMES = FileSpec(
    name="themes",
    model=Theme,
    key="key",
    unknown_reference="« {value} » n'est pas une clé de thème connue.",
    name_column="name_fr",
    columns=(
        Column("key", Key(max_len(Theme, "key")), required=True),
        Column("name_fr", Text(max_len(Theme, "name_fr")), required=True),
        Column("name_en", Text(max_len(Theme, "name_en")), required=True),
        source_column(),
    ),
)

LABS = FileSpec(
    name="labs",
    model=Lab,
    key="key",
    unknown_reference="« {value} » n'est pas une clé de laboratoire connue.",
    rules=(departments_in_region, closed_on_only_when_closed),
    name_column="name",
    columns=(
        Column("key", Key(max_len(Lab, "key")), required=True),
        Column("name", Text(max_len(Lab, "name")), required=True),
        Column("kind", Choice.of(LabKind), required=True),
        Column(
            "host_organisation_key",
            Key(max_len(Organisation, "key")),
            attr="host",
            ref="organisations",
        ),
        region_column(),
        departments_column(),
        # The model's own bounds (its MinValueValidator/MaxValueValidator).
        Column("founded_year", Year(1990, 2100)),
        Column("status", Choice.of(STATED_LAB_STATUSES), default=LabStatus.NOT_STATED),
        Column("closed_on", Date()),
        Column("is_itinerant", OptionalBoolean()),
        Column("networks", Choice.of(NETWORK_NAMES), many=True),
        Column("missions", Choice.of(LabMission), many=True),
        themes_column(),
        Column("summary", free_text(Lab, "summary"), required=True),
        Column("email", Email(max_len(Lab, "email"))),
        Column("website", Url(max_len(Lab, "website"))),
        # Not in the published dataset; lab leads keep it up to date in LabNet, so a
        # file without the column must not erase it (see Column.optional).
        Column("team_fte", Number(max_digits=5, decimal_places=1), optional=True),
        source_column(),
    ),
)


def load_labs(validated: ValidatedFile, context: LoadContext) -> Counts:
    """Labs point to the networks of the format: make sure those rows exist first."""
    ensure_networks(context)
    return upsert(validated, context)


def ensure_networks(context: LoadContext) -> None:
    # get-or-create, not update: a name an administrator corrected is kept.
    existing = set(Network.objects.filter(key__in=NETWORK_NAMES).values_list("key", flat=True))
    missing = [
        Network(key=key, name=name) for key, name in NETWORK_NAMES.items() if key not in existing
    ]
    Network.objects.bulk_create(missing)
    context.extra.append(
        FileOutcome(
            name="networks",
            label="réseaux (liste fixe du format)",
            rows=len(NETWORK_NAMES),
            counts=Counts(created=len(missing), unchanged=len(existing)),
        )
    )


IMPORT_FILES = (ImportFile(THEMES), ImportFile(LABS, loader=load_labs))
