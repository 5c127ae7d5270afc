"""What each file of the network dataset must contain, and the checks of its rows.

A `FileSpec` lists a file's columns; each `Column` says how to read a cell (its
`parse`r), whether a value is required, and which other file its keys point to (`ref`).
Validation turns every row into cleaned Python values or into `Issue`s written in
French for the operator; it never stops at the first problem.

References are checked in a second step (`check_references`) once every file has been
read, because a key may be defined by another file of the import, by a later row of the
same file (a project scaled from another), or already be in the database.

Lengths come from the models' `max_length`, so the file format cannot drift from what
the database accepts.
"""

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models

from labnet.core.models import Source
from labnet.labs.enums import LabKind, LabMission, LabStatus
from labnet.labs.models import Lab, Theme
from labnet.organisations.enums import CivilServiceSide, OrganisationKind
from labnet.organisations.models import Organisation
from labnet.projects.enums import ProjectStatus, Stage
from labnet.projects.models import Project
from labnet.territories.models import Department, Region

from .issues import ROW_WORD_ITEM, Issue, shown
from .readers import Nested, Row, Table

# The networks a lab may belong to are part of the format, not of the data: the
# importer creates these rows itself (see loaders.load_labs).
NETWORK_NAMES = {
    "territorial_network": "Réseau des laboratoires d'innovation territoriale",
    "public_labs_network": "Réseau des laboratoires d'innovation publique animé par la DITP",
}

MULTI_VALUE_SEPARATOR = ";"


class Invalid(Exception):
    """A cell's value is wrong; the message is the French sentence shown to the operator."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def max_len(model: type[models.Model], name: str) -> int:
    return model._meta.get_field(name).max_length


# --- cell parsers: text in, Python value out, or Invalid -------------------------------


@dataclass(frozen=True)
class Text:
    max_length: int | None = None
    empty = ""

    def __call__(self, raw: str) -> str:
        if self.max_length is not None and len(raw) > self.max_length:
            raise Invalid(
                f"texte trop long : {len(raw)} caractères pour {self.max_length} au plus."
            )
        return raw


# The format's keys (docs/data-format.md §3): lowercase so "Innovmandie" can never
# become a second record beside "innovmandie"; "_" for the source keys.
KEY_RE = re.compile(r"^[a-z0-9]+([-_][a-z0-9]+)*\Z")


@dataclass(frozen=True)
class Key:
    """A stable identifier: what re-imports match records on."""

    max_length: int
    empty = None

    def __call__(self, raw: str) -> str:
        if not KEY_RE.match(raw):
            raise Invalid(
                f"« {raw} » n'est pas une clé valide : lettres minuscules sans accent et "
                "chiffres, séparés par un seul « - » (ou « _ » pour les sources)."
            )
        if len(raw) > self.max_length:
            raise Invalid(
                f"clé trop longue : {len(raw)} caractères pour {self.max_length} au plus."
            )
        return raw


# INSEE codes: regions 01-04 and 06 overseas, two digits in metropolitan France;
# departments 01-95 with Corsica's 2A/2B instead of 20, and 971-974, 976 overseas
# (975, Saint-Pierre-et-Miquelon, is not a department).
REGION_CODE_RE = re.compile(r"^(0[1-46]|[1-9][0-9])\Z")
DEPARTMENT_CODE_RE = re.compile(r"^(0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|97[1-46])\Z")


@dataclass(frozen=True)
class RegionCode:
    empty = None

    def __call__(self, raw: str) -> str:
        if not REGION_CODE_RE.match(raw):
            raise Invalid(
                f"« {raw} » n'est pas un code INSEE de région valide (deux chiffres, "
                "ex. « 28 » ou « 01 »)."
            )
        return raw


@dataclass(frozen=True)
class DepartmentCode:
    empty = None

    def __call__(self, raw: str) -> str:
        if not DEPARTMENT_CODE_RE.match(raw):
            raise Invalid(
                f"« {raw} » n'est pas un code INSEE de département valide "
                "(ex. « 01 », « 2A », « 971 »)."
            )
        return raw


@dataclass(frozen=True)
class Choice:
    """One value of a fixed list (an enum of the models, or the known networks)."""

    values: tuple[str, ...]
    empty = ""

    @classmethod
    def of(cls, choices: type[models.TextChoices] | Iterable[str]) -> "Choice":
        values = choices.values if isinstance(choices, type) else list(choices)
        return cls(tuple(values))

    def __call__(self, raw: str) -> str:
        if raw not in self.values:
            raise Invalid(
                f"« {raw} » n'est pas une valeur autorisée (valeurs possibles : "
                f"{', '.join(self.values)})."
            )
        return raw


@dataclass(frozen=True)
class Boolean:
    empty = False

    def __call__(self, raw: str) -> bool:
        lowered = raw.lower()
        if lowered == "true":
            return True
        if lowered == "false":
            return False
        raise Invalid(f"« {raw} » n'est pas un booléen : écrivez « true » ou « false ».")


class OptionalBoolean(Boolean):
    """A yes/no the documents may not state: an empty cell stays unknown (None)."""

    empty = None


DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")


@dataclass(frozen=True)
class Date:
    empty = None

    def __call__(self, raw: str) -> dt.date:
        try:
            if not DATE_RE.match(raw):
                raise ValueError
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise Invalid(
                f"« {raw} » n'est pas une date valide au format AAAA-MM-JJ (ex. 2021-03-15)."
            ) from None


@dataclass(frozen=True)
class Year:
    minimum: int
    maximum: int
    empty = None

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

    def __call__(self, raw: str) -> str:
        try:
            EmailValidator()(raw)
        except ValidationError:
            raise Invalid(f"« {raw} » n'est pas une adresse électronique valide.") from None
        return Text(self.max_length)(raw)


@dataclass(frozen=True)
class Url:
    max_length: int
    empty = ""

    def __call__(self, raw: str) -> str:
        try:
            URLValidator(schemes=["http", "https"])(raw)
        except ValidationError:
            raise Invalid(
                f"« {raw} » n'est pas une adresse web valide (elle doit commencer par "
                "https:// ou http://)."
            ) from None
        return Text(self.max_length)(raw)


@dataclass(frozen=True)
class Timezone:
    empty = "Europe/Paris"  # the model's default: where most regions are

    def __call__(self, raw: str) -> str:
        try:
            zoneinfo.ZoneInfo(raw)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise Invalid(
                f"« {raw} » n'est pas un fuseau horaire connu (ex. « Europe/Paris », "
                "« America/Guadeloupe »)."
            ) from None
        return raw


# --- columns and files --------------------------------------------------------------

_UNSET = object()


@dataclass(frozen=True)
class Column:
    """One column of a file and where its value goes in the model.

    `attr` is the model field written (the column name when not given). A `ref` column
    holds keys of another spec (or of its own, for parents); `lookup` is the field of
    the related model those keys are matched on. An `optional` column may be missing
    from the file: existing records then keep their value, new ones get `default`.

    `warn_default` marks columns whose model cannot store "unknown" (a non-null field
    with a default): an empty cell gets the model's default, and the report says so,
    because the format means "not stated" and the page will show a value.
    """

    name: str
    parse: Callable[[str], Any]
    attr: str | None = None
    required: bool = False
    optional: bool = False
    many: bool = False
    ref: str | None = None
    lookup: str = "key"
    default: Any = _UNSET
    warn_default: bool = False

    @property
    def field_name(self) -> str:
        return self.attr or self.name

    @property
    def empty_value(self):
        if self.many:
            return []
        if self.default is not _UNSET:
            return self.default
        return self.parse.empty

    @property
    def has_default(self) -> bool:
        return self.default is not _UNSET


@dataclass
class CleanRow:
    number: int
    key: str
    values: dict[str, Any]


@dataclass
class ValidatedFile:
    """A file after validation: the rows that passed, plus what a reference may use."""

    spec: "FileSpec"
    label: str
    row_word: str
    present: tuple[Column, ...]
    rows: list[CleanRow]
    row_count: int
    # Keys of every row whose key itself is valid, even rows with other errors: a
    # reference to them is not what is wrong, so it should not add noise to the report.
    keys: set[str]
    issues: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


@dataclass(frozen=True)
class FileSpec:
    name: str
    model: type[models.Model]
    key: str
    columns: tuple[Column, ...]
    # The sentence for a reference to a key this spec does not know, e.g.
    # "« 99 » n'est pas un code de région connu."
    unknown_reference: str
    # Checks across files, run once every file is read (see `departments_in_region`).
    rules: tuple[Callable[["ValidatedFile", "CrossFileView"], list[Issue]], ...] = ()

    @property
    def depends_on(self) -> set[str]:
        return {c.ref for c in self.columns if c.ref and c.ref != self.name}

    @property
    def key_column(self) -> Column:
        return next(c for c in self.columns if c.name == self.key)

    def validate(
        self, table: Table, *, progress: Callable[[int, int], None] | None = None
    ) -> ValidatedFile:
        """Check the header, then every row; collect every problem."""
        present = tuple(c for c in self.columns if c.name in table.columns)
        result = ValidatedFile(
            spec=self,
            label=table.label,
            row_word=table.row_word,
            present=present,
            rows=[],
            row_count=len(table.rows),
            keys=set(),
        )
        # JSON has no header line: a missing field is a problem of the file as a whole.
        header_row = None if table.row_word == ROW_WORD_ITEM else 1
        for column in self.columns:
            if not column.optional and column.name not in table.columns:
                result.issues.append(
                    Issue(
                        table.label,
                        header_row,
                        column.name,
                        "",
                        "colonne obligatoire absente de l'en-tête."
                        if header_row
                        else "champ obligatoire absent de tous les objets.",
                        table.row_word,
                    )
                )
        # An unknown column is refused, not skipped: it is usually a misspelt one
        # ("regoin_code") whose values would otherwise vanish without a word.
        known = {c.name for c in self.columns}
        for name in table.columns:
            if name not in known:
                result.issues.append(
                    Issue(
                        table.label,
                        header_row,
                        name,
                        "",
                        "colonne inconnue du format (colonnes attendues : "
                        f"{', '.join(c.name for c in self.columns)}).",
                        table.row_word,
                    )
                )
        first_row_of: dict[str, int] = {}
        total = len(table.rows)
        for done, row in enumerate(table.rows, start=1):
            self._validate_row(row, table, present, result, first_row_of)
            if progress is not None:
                progress(done, total)
        self._check_self_reference_loops(result)
        self._note_defaults(table, result)
        return result

    def _note_defaults(self, table: Table, result: ValidatedFile) -> None:
        for column in result.present:
            if not column.warn_default:
                continue
            rows = [r.number for r in table.rows if r.cells.get(column.name, "") in ("", [])]
            if not rows:
                continue
            listed = ", ".join(str(n) for n in rows[:10]) + (", …" if len(rows) > 10 else "")
            word = table.row_word + ("s" if len(rows) > 1 else "")
            result.warnings.append(
                Issue(
                    table.label,
                    None,
                    column.name,
                    "",
                    f"valeur non indiquée ({word} {listed}) : la base enregistre la valeur par "
                    f"défaut « {_as_text(column.empty_value)} », faute de pouvoir noter "
                    "« inconnu ».",
                    table.row_word,
                )
            )

    def _validate_row(
        self,
        row: Row,
        table: Table,
        present: tuple[Column, ...],
        result: ValidatedFile,
        first_row_of: dict[str, int],
    ) -> None:
        values: dict[str, Any] = {}
        errors = []
        for column in present:
            raw = row.cells.get(column.name, "")
            try:
                values[column.name] = _parse_cell(column, raw)
            except Invalid as exc:
                errors.append((column.name, shown(raw), exc.message))
            except _InvalidItems as exc:
                errors.extend((column.name, item, message) for item, message in exc.items)
        key = values.get(self.key)
        if key:
            if key in first_row_of:
                errors.append(
                    (
                        self.key,
                        key,
                        f"la clé « {key} » est déjà utilisée {table.row_word} "
                        f"{first_row_of[key]} de ce fichier.",
                    )
                )
            else:
                first_row_of[key] = row.number
                result.keys.add(key)
            for column in present:
                if column.ref == self.name and values.get(column.name) == key:
                    errors.append(
                        (column.name, key, "un enregistrement ne peut pas se désigner lui-même.")
                    )
        result.issues.extend(
            Issue(table.label, row.number, name, value, message, table.row_word)
            for name, value, message in errors
        )
        if not errors:
            result.rows.append(CleanRow(row.number, key, values))

    def _check_self_reference_loops(self, result: ValidatedFile) -> None:
        """Refuse parent chains that loop (a -> b -> a): no record would be the root."""
        for column in result.present:
            if column.ref != self.name or column.many:
                continue
            parent = {r.key: r.values[column.name] for r in result.rows if r.values[column.name]}
            row_of = {r.key: r.number for r in result.rows}
            reported: set[str] = set()
            for start in parent:
                chain, node = [], start
                while node in parent and node not in chain:
                    chain.append(node)
                    node = parent[node]
                if node != start or start in reported:
                    continue
                reported.update(chain)
                loop = " → ".join([*chain, start])
                result.issues.append(
                    Issue(
                        result.label,
                        row_of[start],
                        column.name,
                        parent[start],
                        f"ces rattachements forment une boucle : {loop}.",
                        result.row_word,
                    )
                )
                bad = set(chain)
                result.rows = [r for r in result.rows if r.key not in bad]

    def check_references(
        self, validated: ValidatedFile, known: dict[str, "KnownKeys"]
    ) -> list[Issue]:
        """Every key a row points to must exist in the import's files or in the database."""
        issues = []
        for column in validated.present:
            if column.ref is None:
                continue
            target_keys, message = known[column.ref].keys, known[column.ref].message
            if target_keys is None:
                continue
            for row in validated.rows:
                value = row.values[column.name]
                for key in value if column.many else [value]:
                    if key and key not in target_keys:
                        issues.append(
                            Issue(
                                validated.label,
                                row.number,
                                column.name,
                                key,
                                message.format(value=key),
                                validated.row_word,
                            )
                        )
        return issues


def _as_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class KnownKeys:
    """The keys a reference may point to (import files + database) and how to say one is not.

    `keys` is None when the file defining them is broken (unreadable, no key column):
    the report then names that file once instead of every reference to it.
    """

    keys: set[str] | None
    message: str


class _InvalidItems(Exception):
    def __init__(self, items: list[tuple[str, str]]):
        super().__init__(items)
        self.items = items


def _parse_cell(column: Column, raw: str | list[str]):
    if getattr(column.parse, "nested", False):
        # A structure (roadmaps' axes): the parser reads the JSON text or an empty list.
        if raw in ("", []):
            if column.required:
                raise Invalid("valeur obligatoire manquante.")
            return column.empty_value
        return column.parse(raw)
    if isinstance(raw, Nested):
        raise Invalid(
            "valeur non prise en charge : attendu un texte, un nombre, un booléen ou une "
            "liste de textes."
        )
    if column.many:
        items = raw if isinstance(raw, list) else raw.split(MULTI_VALUE_SEPARATOR)
        parsed, problems = [], []
        for item in (i.strip() for i in items):
            if not item:
                continue
            try:
                value = column.parse(item)
            except Invalid as exc:
                problems.append((item, exc.message))
                continue
            if value not in parsed:
                parsed.append(value)
        if problems:
            raise _InvalidItems(problems)
        if column.required and not parsed:
            raise Invalid("valeur obligatoire manquante.")
        return parsed
    if isinstance(raw, list):
        raise Invalid("une seule valeur est attendue ici, pas une liste.")
    if raw == "":
        if column.required:
            raise Invalid("valeur obligatoire manquante.")
        return column.empty_value
    return column.parse(raw)


class CrossFileView:
    """What rules across files may read: this import's files first, then the database.

    Built once per import; each lookup costs one query whatever the number of rows.
    """

    def __init__(self, validated: dict[str, ValidatedFile]):
        self.validated = validated
        self._department_regions: dict[str, str] | None = None
        self._region_codes: set[str] | None = None

    def region_codes(self) -> set[str]:
        if self._region_codes is None:
            codes = set(Region.objects.values_list("code", flat=True))
            regions = self.validated.get("regions")
            if regions is not None:
                codes |= regions.keys
            self._region_codes = codes
        return self._region_codes

    def department_regions(self) -> dict[str, str]:
        if self._department_regions is None:
            regions = dict(Department.objects.values_list("code", "region_id"))
            departments = self.validated.get("departments")
            if departments is not None:
                regions.update({r.key: r.values["region_code"] for r in departments.rows})
            self._department_regions = regions
        return self._department_regions


def departments_in_region(validated: ValidatedFile, view: CrossFileView) -> list[Issue]:
    """A row's departments lie in its region, when it names one (data-format.md §5)."""
    names = {c.name for c in validated.present}
    if not {"region_code", "department_codes"} <= names:
        return []
    region_of = view.department_regions()
    issues = []
    for row in validated.rows:
        region = row.values["region_code"]
        # An unknown region is already reported; comparing with it would only add noise.
        if not region or region not in view.region_codes():
            continue
        for code in row.values["department_codes"]:
            actual = region_of.get(code)
            if actual is not None and actual != region:
                issues.append(
                    Issue(
                        validated.label,
                        row.number,
                        "department_codes",
                        code,
                        f"le département « {code} » est dans la région « {actual} », pas dans "
                        f"la région « {region} » indiquée en region_code.",
                        validated.row_word,
                    )
                )
    return issues


def source_column() -> Column:
    # Every fact names the document it comes from (data-format.md §9.1).
    return Column("source", Key(max_len(Source, "key")), required=True, ref="sources")


def region_column(*, required: bool = False) -> Column:
    return Column(
        "region_code",
        RegionCode(),
        attr="region",
        required=required,
        ref="regions",
        lookup="code",
    )


def departments_column() -> Column:
    return Column(
        "department_codes",
        DepartmentCode(),
        attr="departments",
        many=True,
        ref="departments",
        lookup="code",
    )


def themes_column() -> Column:
    return Column("themes", Key(max_len(Theme, "key")), many=True, ref="themes")


# "required" follows the req. column of docs/data-format.md §6.

SOURCES = FileSpec(
    name="sources",
    model=Source,
    key="key",
    unknown_reference="« {value} » n'est pas une clé de source connue.",
    columns=(
        Column("key", Key(max_len(Source, "key")), required=True),
        Column("title", Text(max_len(Source, "title")), required=True),
        Column("published_on", Date()),
        Column("publisher", Text(max_len(Source, "publisher"))),
        Column("kind", Text(max_len(Source, "kind")), required=True),
        Column("file_name", Text(max_len(Source, "file_name"))),
    ),
)

REGIONS = FileSpec(
    name="regions",
    model=Region,
    key="code",
    unknown_reference="« {value} » n'est pas un code de région connu.",
    columns=(
        Column("code", RegionCode(), required=True),
        Column("name", Text(max_len(Region, "name")), required=True),
        Column("is_overseas", Boolean(), required=True),
        Column("timezone", Timezone(), required=True),
        source_column(),
    ),
)

DEPARTMENTS = FileSpec(
    name="departments",
    model=Department,
    key="code",
    unknown_reference="« {value} » n'est pas un code de département connu.",
    columns=(
        Column("code", DepartmentCode(), required=True),
        Column("name", Text(max_len(Department, "name")), required=True),
        region_column(required=True),
        source_column(),
    ),
)

THEMES = FileSpec(
    name="themes",
    model=Theme,
    key="key",
    unknown_reference="« {value} » n'est pas une clé de thème connue.",
    columns=(
        Column("key", Key(max_len(Theme, "key")), required=True),
        Column("name_fr", Text(max_len(Theme, "name_fr")), required=True),
        Column("name_en", Text(max_len(Theme, "name_en")), required=True),
        source_column(),
    ),
)

ORGANISATIONS = FileSpec(
    name="organisations",
    model=Organisation,
    key="key",
    unknown_reference="« {value} » n'est pas une clé d'organisation connue.",
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

LABS = FileSpec(
    name="labs",
    model=Lab,
    key="key",
    unknown_reference="« {value} » n'est pas une clé de laboratoire connue.",
    rules=(departments_in_region,),
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
        Column("status", Choice.of(LabStatus), required=True),
        Column("is_itinerant", OptionalBoolean()),
        Column("networks", Choice.of(NETWORK_NAMES), many=True),
        Column("missions", Choice.of(LabMission), many=True),
        themes_column(),
        Column("summary", Text(), required=True),
        Column("email", Email(max_len(Lab, "email"))),
        Column("website", Url(max_len(Lab, "website"))),
        # Not in the published dataset; lab leads keep it up to date in LabNet, so a
        # file without the column must not erase it (see Column.optional).
        Column("team_fte", Number(max_digits=5, decimal_places=1), optional=True),
        source_column(),
    ),
)

PROJECTS = FileSpec(
    name="projects",
    model=Project,
    key="key",
    unknown_reference="« {value} » n'est pas une clé de projet connue.",
    rules=(departments_in_region,),
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
        Column("objective", Text()),
        Column("approach", Text()),
        Column("results", Text()),
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
