"""What a backup holds: every member's size and SHA-256, and what the database was."""

import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = 1
_CHUNK = 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def applied_migrations(using: str) -> dict[str, list[str]]:
    """The migrations recorded as applied, per app, as the restored code will compare them."""
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def labnet_version() -> str:
    try:
        return metadata.version("labnet")
    except metadata.PackageNotFoundError:  # running from a checkout that is not installed
        return "unknown"


def manifest_build(*, vendor: str, database: dict, files: list[dict], migrations, storage: str):
    return {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "labnet_version": labnet_version(),
        "database": {"vendor": vendor, **database},
        "migrations": migrations,
        "storage": storage,
        "files": files,
    }


@dataclass(frozen=True)
class Mismatch:
    name: str
    problem: str

    def __str__(self) -> str:
        return f"{self.name}: {self.problem}"


def manifest_check(manifest: dict, root: Path) -> list[Mismatch]:
    """Every member the manifest lists, found under `root` with its size and hash."""
    return members_check([manifest["database"], *manifest["files"]], root)


def members_check(entries: list[dict], root: Path, *, strip: str = "") -> list[Mismatch]:
    """Each entry's file, named without the `strip` prefix under `root`, has its size and
    hash."""
    problems = []
    for entry in entries:
        path = root / entry["name"].removeprefix(strip)
        if not path.is_file():
            problems.append(Mismatch(entry["name"], "missing from the backup"))
        elif path.stat().st_size != entry["size"] or sha256_of(path) != entry["sha256"]:
            problems.append(Mismatch(entry["name"], "content differs from the manifest"))
    return problems


def manifest_dumps(manifest: dict) -> bytes:
    return json.dumps(manifest, indent=2, ensure_ascii=False).encode()
