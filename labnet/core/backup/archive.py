"""One backup is one tar: the database dump, the uploaded files under `media/`, and
`manifest.json` last, which lists every other member with its size and SHA-256."""

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from .database import (
    DUMP_NAMES,
    BackupError,
    database_dump,
    database_is_empty,
    database_load,
    database_vendor,
)
from .manifest import (
    MANIFEST_NAME,
    applied_migrations,
    manifest_build,
    manifest_check,
    manifest_dumps,
    members_check,
)

MEDIA_PREFIX = "media/"


def uploaded_files_root() -> Path | None:
    """Where the uploaded files are, or None when the default storage is not this machine's
    file system (an object store is backed up by its own means)."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(default_storage.location)
    return None


def storage_name() -> str:
    storage_class = default_storage.__class__  # the configured class, not the lazy proxy
    return f"{storage_class.__module__}.{storage_class.__qualname__}"


def _uploaded_files(root: Path) -> list[tuple[str, Path]]:
    """Every regular file under `root`, as (name in the tar, path), in a stable order."""
    found = []
    for directory, _subdirectories, names in os.walk(root):
        for name in names:
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                found.append((MEDIA_PREFIX + path.relative_to(root).as_posix(), path))
    return sorted(found)


class _HashingReader:
    """Reads a file into the tar and hashes exactly what was written there, so a file
    changed during the backup is recorded as it was copied."""

    def __init__(self, handle):
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def read(self, size=-1):
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> dict:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as handle:
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"name": name, "size": reader.size, "sha256": reader.digest.hexdigest()}


@dataclass
class BackupResult:
    path: Path
    manifest: dict


def backup_write(output_dir: Path, *, using: str = "default") -> BackupResult:
    """Write `labnet-backup-<UTC time>.tar` in `output_dir`: the database first (one
    consistent snapshot), then the uploaded files as they are right after."""
    vendor = database_vendor(using)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    final = output_dir / f"labnet-backup-{stamp}.tar"
    partial = final.with_suffix(".tar.partial")
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".labnet-backup-") as staging:
        dump = Path(staging) / DUMP_NAMES[vendor]
        migrations = applied_migrations(using)
        database_dump(using, dump)
        root = uploaded_files_root()
        with tarfile.open(partial, "w") as tar:
            database = _add_file(tar, dump.name, dump)
            found = _uploaded_files(root) if root else []
            files = [_add_file(tar, name, path) for name, path in found]
            manifest = manifest_build(
                vendor=vendor,
                database=database,
                files=files,
                migrations=migrations,
                storage=storage_name() if root else f"{storage_name()} (files not included)",
            )
            body = manifest_dumps(manifest)
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size, info.mtime, info.mode = len(body), int(timezone.now().timestamp()), 0o600
            tar.addfile(info, _BytesReader(body))
    os.chmod(partial, 0o600)  # personal data: readable by the operator only
    partial.rename(final)
    return BackupResult(path=final, manifest=manifest)


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


@dataclass
class RestoreReport:
    vendor: str
    files: int = 0
    bytes: int = 0
    replaced: bool = False
    files_included: bool = True
    pending_migrations: list[str] = field(default_factory=list)
    unknown_migrations: list[str] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)


def _extract(path: Path, into: Path) -> dict:
    if not tarfile.is_tarfile(path):
        raise BackupError(f"{path} is not a LabNet backup (not a tar file).")
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            name = member.name
            allowed = name == MANIFEST_NAME or name in DUMP_NAMES.values()
            allowed = allowed or name.startswith(MEDIA_PREFIX)
            if not member.isfile() or not allowed or ".." in Path(name).parts:
                raise BackupError(f"{path}: unexpected member {name!r}, not restored.")
        # The "data" filter refuses absolute names, links out of the directory, devices.
        tar.extractall(into, filter="data")
    manifest_path = into / MANIFEST_NAME
    if not manifest_path.is_file():
        raise BackupError(f"{path} has no {MANIFEST_NAME}: it is incomplete.")
    return json.loads(manifest_path.read_text())


def _migrations_compared(using: str) -> tuple[list[str], list[str]]:
    """Migrations the code has that the restored database lacks (`migrate` applies them),
    and migrations the database has that the code does not know (a newer LabNet's)."""
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    on_disk = {f"{app}.{name}" for app, name in loader.disk_migrations}
    applied = {f"{app}.{name}" for app, name in loader.applied_migrations}
    return sorted(on_disk - applied), sorted(applied - on_disk)


def backup_restore(path: Path, *, using: str = "default", force: bool = False) -> RestoreReport:
    """Restore the backup at `path` into this instance's database and files. Refuses a
    database that has tables, or uploaded files already present, unless `force`."""
    vendor = database_vendor(using)
    with tempfile.TemporaryDirectory(prefix="labnet-restore-") as unpacked:
        root = Path(unpacked)
        manifest = _extract(path, root)
        problems = manifest_check(manifest, root)
        if problems:
            listed = "; ".join(str(problem) for problem in problems)
            raise BackupError(f"The backup is damaged, nothing was restored: {listed}")
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                f"This backup holds a {manifest['database']['vendor']} database; this "
                f"instance uses {vendor}. Nothing was restored."
            )
        media_root = uploaded_files_root()
        if manifest["files"] and media_root is None:
            raise BackupError(
                f"The backup holds {len(manifest['files'])} uploaded files but this instance "
                f"keeps its files in {storage_name()}, not on the file system: copy them "
                "there from the backup's media/ folder. Nothing was restored."
            )
        replaced = not database_is_empty(using)
        if replaced and not force:
            raise BackupError(
                "The database is not empty: restore into a new, empty database, or pass "
                "--force to replace its content. Nothing was restored."
            )
        existing = media_root and media_root.exists() and any(media_root.rglob("*"))
        if existing and not force:
            raise BackupError(
                f"{media_root} already holds files: restore into an empty folder, or pass "
                "--force to write over them. Nothing was restored."
            )
        database_load(using, root / manifest["database"]["name"], replace=replaced)
        report = RestoreReport(vendor=vendor, replaced=replaced, manifest=manifest)
        for entry in manifest["files"]:
            target = media_root / entry["name"].removeprefix(MEDIA_PREFIX)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / entry["name"], target)
            report.files += 1
            report.bytes += entry["size"]
        # Checked again where they landed: a full disk or a bad copy is said now.
        landed = members_check(manifest["files"], media_root or root, strip=MEDIA_PREFIX)
        if landed:
            raise BackupError("Files differ after the restore: " + "; ".join(map(str, landed)))
    report.files_included = "files not included" not in manifest["storage"]
    report.pending_migrations, report.unknown_migrations = _migrations_compared(using)
    return report
