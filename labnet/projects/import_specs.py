"""The network dataset's projects.csv: the projects the documents name, as public sheets."""

from labnet.core.importing import (
    Boolean,
    Choice,
    Column,
    FileSpec,
    ImportFile,
    Key,
    Text,
    Year,
    free_text,
    max_len,
    source_column,
)
from labnet.labs.import_specs import themes_column
from labnet.labs.models import Lab
from labnet.organisations.models import Organisation
from labnet.territories.import_specs import (
    departments_column,
    departments_in_region,
    region_column,
)

from .enums import ProjectStatus, Stage
from .models import Project

PROJECTS = FileSpec(
    name="projects",
    model=Project,
    key="key",
    unknown_reference="« {value} » n'est pas une clé de projet connue.",
    rules=(departments_in_region,),
    name_column="title",
    columns=(
        Column("key", Key(max_len(Project, "key")), required=True),
        Column("title", Text(max_len(Project, "title")), required=True),
        Column("lead_lab_key", Key(max_len(Lab, "key")), attr="lead_lab", ref="labs"),
        Column(
            "partner_lab_keys",
            Key(max_len(Lab, "key")),
            attr="partner_labs",
            many=True,
            ref="labs",
        ),
        Column(
            "organisation_keys",
            Key(max_len(Organisation, "key")),
            attr="organisations",
            many=True,
            ref="organisations",
        ),
        region_column(),
        departments_column(),
        # Blank on the model means "not stated": an empty cell stays empty.
        Column("stage", Choice.of(Stage)),
        Column("status", Choice.of(ProjectStatus)),
        themes_column(),
        Column("objective", free_text(Project, "objective")),
        Column("approach", free_text(Project, "approach")),
        Column("results", free_text(Project, "results")),
        # No bound on the model; the format's (data-format.md §6).
        Column("started_year", Year(1900, 2100)),
        Column(
            "scaled_from_key",
            Key(max_len(Project, "key")),
            attr="scaled_from",
            ref="projects",
        ),
        source_column(),
        # The dataset transcribes public documents: its projects are public facts.
        # Optional so that a project a lab unpublished in LabNet stays unpublished when
        # the file does not carry the column.
        Column("is_public", Boolean(), optional=True, default=True),
    ),
)

IMPORT_FILES = (ImportFile(PROJECTS),)
