"""`manage.py backup` then `manage.py restore` into an empty database find every row and
every uploaded file again, on the database the suite runs on (SQLite files in a temporary
folder, or PostgreSQL databases of their own beside the test database).

The commands run in their own processes, as an operator runs them: the source is migrated
and filled by tests/core/backup_seed.py, backed up, and restored into a new database and a
new media folder, then both are read table by table.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings

from labnet.core.backup.archive import backup_restore
from labnet.core.backup.database import BackupError

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = settings.DATABASES["default"]
ON_POSTGRES = DEFAULT["ENGINE"] == "django.db.backends.postgresql"
# The tables of the main models, each of which must have rows to back up.
MAIN_TABLES = [
    "accounts_user",
    "accounts_membership",
    "labs_lab",
    "organisations_organisation",
    "territories_region",
    "projects_project",
    "projects_projectdocument",
    "projects_nextstep",
    "intake_request",
    "intake_requestattachment",
    "events_event",
    "events_registration",
    "trainings_cohort",
    "trainings_enrolment",
    "people_profile",
    "people_contactmessage",
    "calls_call",
    "calls_answer",
    "calls_answerattachment",
    "calls_review",
    "resources_resource",
    "funding_allocation",
    "figures_statedfigure",
    "impact_indicator",
    "roadmaps_roadmap",
    "records_attestation",
    "webhooks_subscription",
    "core_auditentry",
]


def _run(args: list[str], env: dict[str, str], *, check: bool = True):
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if check:
        assert result.returncode == 0, f"{args[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _env(database_url: str, media: Path, var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LABNET_", "DATABASE_"))}
    return env | {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": database_url,
        "LABNET_MEDIA_ROOT": str(media),
        "LABNET_VAR_DIR": str(var),
        "LABNET_DEMO_ACCOUNTS": "1",
        "LABNET_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def _postgres_url(name: str) -> str:
    user = DEFAULT.get("USER") or "postgres"
    password = f":{DEFAULT['PASSWORD']}" if DEFAULT.get("PASSWORD") else ""
    host, port = DEFAULT.get("HOST") or "127.0.0.1", DEFAULT.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def _postgres_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(_postgres_url("postgres"), autocommit=True) as connection:
        connection.execute(statement)


class Database:
    """Reads every table of one database, whatever its vendor."""

    def __init__(self, url: str):
        self.url = url

    def _connect(self):
        if self.url.startswith("sqlite:///"):
            return sqlite3.connect(self.url.removeprefix("sqlite:///"))
        import psycopg

        return psycopg.connect(self.url)

    def tables(self) -> dict[str, tuple[int, str]]:
        """Each table's row count and a hash of all its rows in primary key order."""
        found = {}
        connection = self._connect()
        try:
            cursor = connection.cursor()
            if self.url.startswith("sqlite:///"):
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            else:
                cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            for (table,) in sorted(cursor.fetchall()):
                cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608
                rows = cursor.fetchall()
                digest = hashlib.sha256(repr(rows).encode()).hexdigest()
                found[table] = (len(rows), digest)
        finally:
            connection.close()
        return found


def _files(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture(scope="module")
def restored(tmp_path_factory):
    """(source database, restored database, source media, restored media, backup, result)"""
    tmp = tmp_path_factory.mktemp("backup")
    if ON_POSTGRES:
        base = DEFAULT["NAME"]
        names = [f"{base}_backup_source", f"{base}_restore"]
        for name in names:
            _postgres_admin(f'DROP DATABASE IF EXISTS "{name}"')
            _postgres_admin(f'CREATE DATABASE "{name}"')
        source_url, target_url = (_postgres_url(name) for name in names)
    else:
        names = []
        source_url, target_url = f"sqlite:///{tmp}/source.sqlite3", f"sqlite:///{tmp}/new.sqlite3"
    source_env = _env(source_url, tmp / "media", tmp / "var")
    target_env = _env(target_url, tmp / "media-restored", tmp / "var-restored")
    seed = "from tests.core.backup_seed import seed; seed()"
    _run(["shell", "-c", seed], source_env)
    _run(["backup", "--output", str(tmp / "backups")], source_env)
    (backup,) = (tmp / "backups").glob("labnet-backup-*.tar")
    result = _run(["restore", str(backup), "--yes"], target_env)
    yield {
        "source": Database(source_url),
        "restored": Database(target_url),
        "source_media": tmp / "media",
        "restored_media": tmp / "media-restored",
        "backup": backup,
        "output": result.stdout + result.stderr,
        "target_env": target_env,
    }
    for name in names:
        _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_has_every_row_of_every_table(restored):
    source, copy = restored["source"].tables(), restored["restored"].tables()
    assert set(copy) == set(source)
    different = sorted(table for table in source if source[table] != copy[table])
    assert different == []
    empty = [table for table in MAIN_TABLES if source[table][0] == 0]
    assert empty == [], "the seed must give every main model rows to back up"


def test_a_restored_backup_has_every_uploaded_file_with_its_content(restored):
    source = _files(restored["source_media"])
    assert len(source) == 4
    assert any(name.endswith("guichet_été.png") for name in source)
    assert _files(restored["restored_media"]) == source


def test_the_restore_says_what_it_did(restored):
    output = restored["output"]
    vendor = "postgresql" if ON_POSTGRES else "sqlite"
    assert f"database: {vendor} " in output
    assert "uploaded files: 4 (" in output and "every hash checked" in output
    assert "not applied" not in output  # the same code: nothing left to migrate


def test_the_manifest_lists_the_database_migrations_and_every_file(restored):
    with tarfile.open(restored["backup"]) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
        members = {name: tar.extractfile(name).read() for name in names if name != "manifest.json"}
    assert names[-1] == "manifest.json"
    assert manifest["database"]["vendor"] == ("postgresql" if ON_POSTGRES else "sqlite")
    assert manifest["labnet_version"] == "0.1.0"
    assert manifest["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert "0001_initial" in manifest["migrations"]["labs"]
    listed = [manifest["database"], *manifest["files"]]
    assert sorted(entry["name"] for entry in listed) == sorted(members)
    for entry in listed:
        content = members[entry["name"]]
        assert (entry["size"], entry["sha256"]) == (
            len(content),
            hashlib.sha256(content).hexdigest(),
        )


def test_a_second_restore_into_the_now_filled_database_is_refused(restored):
    again = ["restore", str(restored["backup"]), "--yes"]
    result = _run(again, restored["target_env"], check=False)
    assert result.returncode == 1
    assert "The database is not empty" in result.stderr
    assert "Nothing was restored." in result.stderr


def test_a_damaged_backup_is_refused_before_anything_is_touched(restored, tmp_path):
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(restored["backup"]) as source, tarfile.open(damaged, "w") as copy:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name.endswith("dossier.pdf"):
                content = content.replace(b"%PDF", b"%PDX")
            copy.addfile(member, io.BytesIO(content))
    with pytest.raises(BackupError) as refusal:
        backup_restore(damaged)  # the test database is not empty: the hashes come first
    assert "The backup is damaged, nothing was restored" in str(refusal.value)
    assert "dossier.pdf: content differs from the manifest" in str(refusal.value)


def test_uploaded_files_are_found_only_on_the_file_system(settings, tmp_path):
    from django.core.files.storage import storages

    from labnet.core.backup.archive import storage_name, uploaded_files_root

    # The test settings keep files in memory: nothing on disk to copy, and it is said.
    assert uploaded_files_root() is None
    assert storage_name() == "django.core.files.storage.memory.InMemoryStorage"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path
    storages._storages.pop("default", None)
    assert uploaded_files_root() == tmp_path


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's in-memory test database")
def test_an_in_memory_database_is_refused_plainly(db, tmp_path):
    with pytest.raises(BackupError, match="The database is in memory"):
        from labnet.core.backup.archive import backup_write

        backup_write(tmp_path)
    assert list(tmp_path.glob("*.tar")) == []
