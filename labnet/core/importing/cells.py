"""Cell parsers: a cell's text in, a Python value out, or `Invalid` with a French sentence.

Every parser is a small frozen dataclass with an `empty` value (what an empty cell
means), its `schema_type` (the Table Schema type its column has in data/schemas/, which
tests/imports/test_schemas.py holds in step) and, when it bounds what it accepts, a
`max_length`. Before any parser runs,
`check_cell` refuses what no cell of any format may hold: a value longer than the
column allows, control characters (tab and line break are allowed only in multi-line
free texts), and the Unicode bidirectional embeddings, overrides and isolates
(U+202A-U+202E, U+2066-U+2069) that can make a name read backwards on a page.
"""

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models

# A free text (a summary, a description) without a bound on its model: what one page
# can show without weighing megabytes; the dataset's longest is under 600 characters.
FREE_TEXT_MAX_LENGTH = 5000
# Any other cell (a code, a choice, a number) without its own bound.
CELL_MAX_LENGTH = 1000

# C0 and C1 controls and DEL, except tab and line feed; then the same with them.
_CONTROLS_MULTILINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROLS_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


class Invalid(Exception):
    """A cell's value is wrong; the message is the French sentence shown to the operator."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def max_len(model: type[models.Model], name: str) -> int | None:
    return model._meta.get_field(name).max_length


def number_text(value: int) -> str:
    """12000 -> "12 000", the French way (a plain space: reports are plain text)."""
    return f"{value:,}".replace(",", " ")


def check_cell(raw: str, *, max_length: int, multiline: bool) -> None:
    """Refuse what no cell may hold, whatever its type (see the module's docstring)."""
    if len(raw) > max_length:
        raise Invalid(
            f"texte trop long : {number_text(len(raw))} caractères pour "
            f"{number_text(max_length)} au plus."
        )
    controls = _CONTROLS_MULTILINE if multiline else _CONTROLS_SINGLE_LINE
    found = controls.search(raw)
    if found:
        char = found.group()
        if char in "\n\t":
            what = "retour à la ligne" if char == "\n" else "tabulation"
            raise Invalid(
                f"{what} interdit dans ce champ, qui tient sur une ligne "
                f"(position {found.start() + 1})."
            )
        raise Invalid(
            f"caractère de contrôle interdit (U+{ord(char):04X}, position {found.start() + 1})."
        )
    found = _BIDI_CONTROLS.search(raw)
    if found:
        raise Invalid(
            f"caractère d'inversion du sens d'écriture interdit (U+{ord(found.group()):04X}, "
            f"position {found.start() + 1}) : il peut faire lire un texte à l'envers."
        )


@dataclass(frozen=True)
class Text:
    """Text: a bounded single line (`Text(200)`), or a multi-line free text (`Text()`).

    A free text without a bound gets FREE_TEXT_MAX_LENGTH; `multiline` defaults to
    "no bound given" (a model's CharField is one line, its TextField a paragraph).
    """

    max_length: int | None = None
    multiline: bool | None = None
    empty = ""
    schema_type = "string"  # its Table Schema type (data/schemas/)

    def __post_init__(self):
        if self.multiline is None:
            object.__setattr__(self, "multiline", self.max_length is None)
        if self.max_length is None:
            object.__setattr__(self, "max_length", FREE_TEXT_MAX_LENGTH)

    def __call__(self, raw: str) -> str:
        check_cell(raw, max_length=self.max_length, multiline=self.multiline)
        return raw


def free_text(model: type[models.Model], name: str) -> Text:
    """A multi-line text column bounded by its model field (or FREE_TEXT_MAX_LENGTH)."""
    return Text(max_len(model, name) or FREE_TEXT_MAX_LENGTH, multiline=True)


# The format's keys (docs/data-format.md §3): lowercase so "Innovmandie" can never
# become a second record beside "innovmandie"; "_" for the source keys.
KEY_RE = re.compile(r"^[a-z0-9]+([-_][a-z0-9]+)*\Z")


@dataclass(frozen=True)
class Key:
    """A stable identifier: what re-imports match records on."""

    max_length: int
    empty = None
    schema_type = "string"  # its Table Schema type (data/schemas/)

    def __call__(self, raw: str) -> str:
        if len(raw) > self.max_length:
            raise Invalid(
                f"clé trop longue : {number_text(len(raw))} caractères pour "
                f"{self.max_length} au plus."
            )
        if not KEY_RE.match(raw):
            raise Invalid(
                f"« {raw} » n'est pas une clé valide : lettres minuscules sans accent et "
                "chiffres, séparés par un seul « - » (ou « _ » pour les sources)."
            )
        return raw


# INSEE codes: regions 01-04 and 06 overseas, two digits in metropolitan France;
# departments 01-95 with Corsica's 2A/2B instead of 20, and 971-974, 976 overseas
# (975, Saint-Pierre-et-Miquelon, is not a department).
REGION_CODE_RE = re.compile(r"^(0[1-46]|[1-9][0-9])\Z")
DEPARTMENT_CODE_RE = re.compile(r"^(0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|97[1-46])\Z")


def _lost_zero(raw: str, pattern: re.Pattern) -> str:
    """A hint when a spreadsheet turned "01" into the number 1."""
    if raw.isdigit() and len(raw) == 1 and pattern.match(f"0{raw}"):
        return (
            f" : écrivez « 0{raw} » (un tableur retire le zéro initial ; formatez la colonne "
            "en texte)"
        )
    return ""


@dataclass(frozen=True)
class RegionCode:
    empty = None
    schema_type = "string"  # its Table Schema type (data/schemas/)
    max_length = 2

    def __call__(self, raw: str) -> str:
        if not REGION_CODE_RE.match(raw):
            raise Invalid(
                f"« {raw} » n'est pas un code INSEE de région valide (deux chiffres, "
                f"ex. « 28 » ou « 01 »){_lost_zero(raw, REGION_CODE_RE)}."
            )
        return raw


@dataclass(frozen=True)
class DepartmentCode:
    empty = None
    schema_type = "string"  # its Table Schema type (data/schemas/)
    max_length = 3

    def __call__(self, raw: str) -> str:
        if not DEPARTMENT_CODE_RE.match(raw):
            raise Invalid(
                f"« {raw} » n'est pas un code INSEE de département valide "
                f"(ex. « 01 », « 2A », « 971 »){_lost_zero(raw, DEPARTMENT_CODE_RE)}."
            )
        return raw


@dataclass(frozen=True)
class Choice:
    """One value of a fixed list (an enum of the models, or the known networks)."""

    values: tuple[str, ...]
    empty = ""
    schema_type = "string"  # its Table Schema type (data/schemas/)

    @classmethod
    def of(cls, choices: type[models.TextChoices] | Iterable[str]) -> "Choice":
        values = choices.values if isinstance(choices, type) else list(choices)
        return cls(tuple(values))

    @property
    def max_length(self) -> int:
        # Longer than every value is wrong anyway; the bound keeps the message short.
        return max(len(value) for value in self.values)

    def __call__(self, raw: str) -> str:
        if raw not in self.values:
            raise Invalid(
                f"« {raw} » n'est pas une valeur autorisée (valeurs possibles : "
                f"{', '.join(self.values)})."
            )
        return raw


# LibreOffice and Excel in French turn a typed TRUE into a boolean cell and save it
# as "VRAI" in CSV: the French words are accepted too.
_TRUE, _FALSE = ("true", "vrai"), ("false", "faux")


@dataclass(frozen=True)
class Boolean:
    empty = False
    schema_type = "boolean"  # its Table Schema type (data/schemas/)
    max_length = 5

    def __call__(self, raw: str) -> bool:
        lowered = raw.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise Invalid(f"« {raw} » n'est pas un booléen : écrivez « true » ou « false ».")


class OptionalBoolean(Boolean):
    """A yes/no the documents may not state: an empty cell stays unknown (None)."""

    empty = None


DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
_FRENCH_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})\Z")


@dataclass(frozen=True)
class Date:
    empty = None
    schema_type = "date"  # its Table Schema type (data/schemas/)
    max_length = 40

    def __call__(self, raw: str) -> dt.date:
        try:
            if not DATE_RE.match(raw):
                raise ValueError
            return dt.date.fromisoformat(raw)
        except ValueError:
            french = _FRENCH_DATE_RE.match(raw)
            if french:
                # What a French spreadsheet makes of an ISO date it opened: say it plainly.
                day, month, year = french.groups()
                raise Invalid(
                    f"« {raw} » n'est pas au format AAAA-MM-JJ : écrivez {year}-{month:0>2}-"
                    f"{day:0>2} (un tableur réécrit les dates à la française ; formatez la "
                    "colonne en texte)."
                ) from None
            raise Invalid(
                f"« {raw} » n'est pas une date valide au format AAAA-MM-JJ (ex. 2021-03-15)."
            ) from None


@dataclass(frozen=True)
class Year:
    minimum: int
    maximum: int
    empty = None
    schema_type = "integer"  # its Table Schema type (data/schemas/)
    max_length = 40

    def __call__(self, raw: str) -> int:
        if not re.match(r"^\d{4}\Z", raw):
            raise Invalid(f"« {raw} » n'est pas une année (quatre chiffres, ex. 2021).")
        year = int(raw)
        if not self.minimum <= year <= self.maximum:
            raise Invalid(
                f"l'année « {raw} » est hors de la plage permise ({self.minimum} à {self.maximum})."
            )
        return year


@dataclass(frozen=True)
class Count:
    """A whole number within bounds (an edition number, a stated count)."""

    minimum: int = 0
    maximum: int | None = None
    empty = None
    schema_type = "integer"  # its Table Schema type (data/schemas/)
    max_length = 40

    def __call__(self, raw: str) -> int:
        if not re.match(r"^\d+\Z", raw):
            raise Invalid(f"« {raw} » n'est pas un nombre entier positif (ex. 12).")
        value = int(raw)
        if value < self.minimum or (self.maximum is not None and value > self.maximum):
            bound = (
                f"{self.minimum} à {self.maximum}"
                if self.maximum is not None
                else (f"au moins {self.minimum}")
            )
            raise Invalid(f"« {raw} » est hors de la plage permise ({bound}).")
        return value


@dataclass(frozen=True)
class Number:
    """A non-negative decimal that fits a DecimalField (e.g. a team size in FTE)."""

    max_digits: int
    decimal_places: int
    empty = None
    schema_type = "number"  # its Table Schema type (data/schemas/)
    max_length = 40

    def __call__(self, raw: str) -> Decimal:
        try:
            # A French spreadsheet writes "1,5"; the format's "1.5" is accepted as well.
            value = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            raise Invalid(f"« {raw} » n'est pas un nombre (ex. 2.5).") from None
        if not value.is_finite() or value < 0:
            raise Invalid(f"« {raw} » n'est pas un nombre positif.")
        exponent = value.as_tuple().exponent
        if -exponent > self.decimal_places:
            raise Invalid(
                f"« {raw} » a trop de décimales ({self.decimal_places} au plus après la virgule)."
            )
        if value >= Decimal(10) ** (self.max_digits - self.decimal_places):
            raise Invalid(f"« {raw} » est trop grand.")
        return value


@dataclass(frozen=True)
class Email:
    max_length: int
    empty = ""
    schema_type = "string"  # its Table Schema type (data/schemas/)

    def __call__(self, raw: str) -> str:
        check_cell(raw, max_length=self.max_length, multiline=False)
        try:
            EmailValidator()(raw)
        except ValidationError:
            raise Invalid(f"« {raw} » n'est pas une adresse électronique valide.") from None
        return raw


@dataclass(frozen=True)
class Url:
    max_length: int
    empty = ""
    schema_type = "string"  # its Table Schema type (data/schemas/)

    def __call__(self, raw: str) -> str:
        check_cell(raw, max_length=self.max_length, multiline=False)
        try:
            URLValidator(schemes=["http", "https"])(raw)
        except ValidationError:
            raise Invalid(
                f"« {raw} » n'est pas une adresse web valide (elle doit commencer par "
                "https:// ou http://)."
            ) from None
        return raw


@dataclass(frozen=True)
class Timezone:
    empty = "Europe/Paris"  # the model's default: where most regions are
    schema_type = "string"  # its Table Schema type (data/schemas/)
    max_length = 64

    def __call__(self, raw: str) -> str:
        try:
            zoneinfo.ZoneInfo(raw)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise Invalid(
                f"« {raw} » n'est pas un fuseau horaire connu (ex. « Europe/Paris », "
                "« America/Guadeloupe »)."
            ) from None
        return raw
