"""The network's taxonomy of skills as an importable file (data/network/skills.csv)."""

from labnet.core.importing import Column, FileSpec, ImportFile, Key, Text, max_len, source_column
from labnet.labs.import_specs import themes_column

from .models import Skill

SKILLS = FileSpec(
    name="skills",
    model=Skill,
    key="key",
    unknown_reference="« {value} » n'est pas une clé de compétence connue.",
    name_column="name",
    columns=(
        Column("key", Key(max_len(Skill, "key")), required=True),
        Column("name", Text(max_len(Skill, "name")), required=True),
        themes_column(),
        source_column(),
    ),
)


IMPORT_FILES = (ImportFile(SKILLS),)
