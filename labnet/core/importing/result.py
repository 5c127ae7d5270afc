"""What an import did, or would do: the value the service returns and the report renders."""

from dataclasses import dataclass, field

from .issues import Issue


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


@dataclass
class FileOutcome:
    """One file of the import (or a fixed list the importer writes, like the networks)."""

    name: str
    label: str
    rows: int
    counts: Counts | None = None  # None until written (and forever, when validation fails)
    detected: str = ""  # how a CSV file was read: "UTF-8, séparateur « ; »"


@dataclass
class ImportResult:
    path: str
    dry_run: bool = False
    files: list[FileOutcome] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)  # known files a later module will load
    ignored: list[str] = field(default_factory=list)  # files whose name no spec knows
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    written: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors
