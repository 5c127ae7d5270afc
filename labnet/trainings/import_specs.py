"""The trainings files of the network dataset (data/network/programmes.csv, cohorts.csv).

The stated number of agents trained is a fact of the source (`stated_trained_count`);
the live counts come from enrolments in LabNet and are never overwritten by an import.
"""

from labnet.core.importing import (
    Choice,
    Column,
    Count,
    Date,
    FileSpec,
    ImportFile,
    Key,
    Text,
    free_text,
    max_len,
    source_column,
)
from labnet.labs.models import Lab
from labnet.organisations.models import Organisation

from .enums import CohortStatus, ProgrammeKind, StatedRecurrence
from .models import Cohort, Programme

PROGRAMMES = FileSpec(
    name="programmes",
    model=Programme,
    key="key",
    unknown_reference="« {value} » n'est pas une clé de formation connue.",
    name_column="name",
    columns=(
        Column("key", Key(max_len(Programme, "key")), required=True),
        Column("name", Text(max_len(Programme, "name")), required=True),
        Column("kind", Choice.of(ProgrammeKind), required=True),
        Column(
            "organiser_key",
            Key(max_len(Organisation, "key")),
            attr="organiser_organisation",
            ref="organisations",
        ),
        Column("audience", Text(max_len(Programme, "audience"))),
        Column("description", free_text(Programme, "description"), required=True),
        Column("started_on", Date()),
        Column("stated_trained_count", Count(maximum=1_000_000)),
        Column("recurrence", Choice.of(StatedRecurrence), attr="stated_recurrence"),
        source_column(),
    ),
)

COHORTS = FileSpec(
    name="cohorts",
    model=Cohort,
    key="key",
    unknown_reference="« {value} » n'est pas une clé de promotion connue.",
    columns=(
        Column("key", Key(max_len(Cohort, "key")), required=True),
        Column(
            "programme_key",
            Key(max_len(Programme, "key")),
            attr="programme",
            required=True,
            ref="programmes",
        ),
        Column("number", Count(minimum=1, maximum=32767), required=True),
        Column("name", Text(max_len(Cohort, "name")), required=True),
        Column("starts_on", Date()),
        # Empty when the sources do not say (the second CLIP cohort).
        Column("status", Choice.of(CohortStatus)),
        Column("note", free_text(Cohort, "note")),
        Column(
            "member_lab_keys",
            Key(max_len(Lab, "key")),
            attr="member_labs",
            many=True,
            ref="labs",
        ),
        source_column(),
    ),
)


IMPORT_FILES = (ImportFile(PROGRAMMES), ImportFile(COHORTS))
