"""The network's taxonomy of skills as an importable file (data/network/skills.csv)."""

from labnet.imports.specs import Column, FileSpec, Key, Text, max_len, source_column, themes_column

from .models import Skill

SKILLS = FileSpec(
    name="skills",
    model=Skill,
    key="key",
    unknown_reference="« {value} » n'est pas une clé de compétence connue.",
    columns=(
        Column("key", Key(max_len(Skill, "key")), required=True),
        Column("name", Text(max_len(Skill, "name")), required=True),
        themes_column(),
        source_column(),
    ),
)


def register() -> None:
    from labnet.imports.registry import registry

    registry.register(SKILLS)
