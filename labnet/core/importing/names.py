"""Names that look like another record's: a re-keyed lab must not be doubled in silence.

Keys never change once published (docs/data-format.md §3). An operator who re-keys a
row in a spreadsheet would create a second record beside the first; so a row whose
name is, without case, accents, spaces or punctuation, the name of another key (a
stored record, or an earlier row of the file) gets a warning naming that key.
"""

import unicodedata
from typing import TYPE_CHECKING

from .issues import Issue, shown

if TYPE_CHECKING:
    from .columns import CleanRow

# The functions take a FileSpec and a ValidatedFile (specs.py), which call them: not
# imported here, so that the modules of the framework stay without a cycle.


def name_fingerprint(text: str) -> str:
    """A name without case, accents, spaces or punctuation: « Lab'O » == « lab o » == « LABO »."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if char.isalnum())


def names_repeated_in_file(spec, result) -> list[Issue]:
    """Rows of one file whose names are the same under different keys."""
    if spec.name_column is None or spec.name_column not in {c.name for c in result.present}:
        return []
    first: dict[str, CleanRow] = {}
    warnings = []
    for row in result.rows:
        name = row.values[spec.name_column]
        fingerprint = name_fingerprint(name) if name else ""
        if not fingerprint:
            continue
        earlier = first.setdefault(fingerprint, row)
        if earlier is not row:
            warnings.append(
                Issue(
                    result.label,
                    row.number,
                    spec.name_column,
                    shown(name),
                    f"ce nom est déjà celui de la clé « {earlier.key} » "
                    f"({result.row_word} {earlier.number}), à la casse, aux accents et à la "
                    "ponctuation près : s'il s'agit du même enregistrement, gardez une "
                    "seule ligne et une seule clé.",
                    result.row_word,
                )
            )
    return warnings


def names_of_stored_records(spec, validated) -> list[Issue]:
    """New keys whose name is an existing record's (one query for the whole file)."""
    columns = {c.name: c for c in validated.present}
    if spec.name_column is None or spec.name_column not in columns:
        return []
    key_field = spec.key_column.field_name
    name_field = columns[spec.name_column].field_name
    in_file = {row.key for row in validated.rows}
    stored: dict[str, str] = {}
    existing: set[str] = set()
    # One query, whatever the size of the file (no IN list of its keys).
    for key, name in spec.model.objects.values_list(key_field, name_field).iterator():
        if key in in_file:
            # A stored record this file renames is judged by its new name, in the file.
            existing.add(key)
        elif name:
            stored.setdefault(name_fingerprint(name), key)
    if not stored:
        return []
    warnings = []
    for row in validated.rows:
        name = row.values[spec.name_column]
        if row.key in existing or not name:
            continue
        other = stored.get(name_fingerprint(name))
        if other is not None:
            warnings.append(
                Issue(
                    validated.label,
                    row.number,
                    spec.name_column,
                    shown(name),
                    f"nouvelle clé « {row.key} », mais ce nom est déjà celui de "
                    f"l'enregistrement « {other} », à la casse, aux accents et à la "
                    "ponctuation près : si c'est le même, reprenez sa clé, sinon il sera "
                    "créé une seconde fois.",
                    validated.row_word,
                )
            )
    return warnings
