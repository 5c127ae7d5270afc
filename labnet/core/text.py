"""What any text typed into LabNet may hold, whatever the door (a page's form, the API, an
import), and how names already stored are shown safely.

- Bounds: every text has a maximum length, the model field's (`model_max_length`), so a
  form, a serializer and an import column refuse the same text with the same number.
- Control characters: C0 and C1 controls and DEL are refused (NUL first of all: PostgreSQL
  refuses it in any text, so it would be a server error), except tab, line feed and carriage
  return, which a multi-line text holds.
- Bidirectional controls: the embeddings and overrides (U+202A-U+202E) and the isolates
  (U+2066-U+2069) are refused, since U+202E can make a name or a file name read backwards
  ("invoice‮fdp.exe" shows as "invoiceexe.pdf"). The left-to-right and right-to-left
  marks (U+200E, U+200F) only nudge punctuation and stay allowed.

The import's cells (core.importing.cells) apply the same rules with a row and a column.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

# Tab, line feed and carriage return are allowed (a textarea sends CR LF).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def model_max_length(model, name: str) -> int:
    """The bound a form or serializer field takes from the model field it fills, so a page
    refuses what the model, the API and the import refuse, with the same number."""
    return model._meta.get_field(name).max_length


def unsafe_text_problem(value: str) -> tuple[str, str] | None:
    """Why `value` cannot be stored, as (code, French sentence), or None when it can."""
    found = CONTROL_CHARACTERS.search(value)
    if found:
        return "control_character", _(
            "Ce texte contient un caractère de contrôle non autorisé (U+%(code)s, position "
            "%(position)d) : retirez-le, par exemple en retapant le texte."
        ) % {"code": f"{ord(found.group()):04X}", "position": found.start() + 1}
    found = BIDI_CONTROLS.search(value)
    if found:
        return "bidi_character", _(
            "Ce texte contient un caractère qui inverse le sens d'écriture (U+%(code)s, "
            "position %(position)d) : il pourrait faire lire un nom à l'envers ; retirez-le."
        ) % {"code": f"{ord(found.group()):04X}", "position": found.start() + 1}
    return None


def validate_safe_text(value) -> None:
    """Validator of every text input (forms and API): no control nor bidi control."""
    if isinstance(value, str):
        problem = unsafe_text_problem(value)
        if problem:
            code, message = problem
            raise ValidationError(message, code=code)


def neutralise_bidi(value):
    """`value` without bidirectional controls (for names stored before they were refused)."""
    if isinstance(value, str) and BIDI_CONTROLS.search(value):
        return BIDI_CONTROLS.sub("", value)
    return value


class NameField(models.CharField):
    """A name shown on pages, in e-mails, the API and file downloads (a person's, a lab's,
    an organisation's, a document's or an attachment's): inputs refuse bidirectional
    controls (validate_safe_text), and a value stored before that rule is read back
    without them, so no page shows a name reversed by U+202E.

    To migrations it is a plain CharField (same column, same options): the difference is
    only in how Python reads the value."""

    def from_db_value(self, value, expression, connection):
        return neutralise_bidi(value)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
