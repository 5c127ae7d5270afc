"""Dump and load the database, one way per vendor: SQLite's online backup API, which copies a
consistent snapshot while the site keeps running, and PostgreSQL's `pg_dump`, which reads
everything in one transaction."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    """What went wrong, said so that an operator knows what to do."""


DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def database_vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"No backup for a {vendor} database: LabNet uses SQLite or PostgreSQL.")
    return vendor


def database_is_empty(using: str) -> bool:
    """No table at all: a database just created, never migrated."""
    connection = connections[using]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def database_dump(using: str, target: Path) -> None:
    vendor = database_vendor(using)
    if vendor == "sqlite":
        _sqlite_dump(connections[using].settings_dict, target)
    else:
        _pg_dump(connections[using].settings_dict, target)


def database_load(using: str, dump: Path, *, replace: bool) -> None:
    vendor = database_vendor(using)
    # The restore writes through its own connection (or program): Django's must not hold
    # a transaction or a cached schema meanwhile.
    connections[using].close()
    if vendor == "sqlite":
        _sqlite_load(connections[using].settings_dict, dump)
    else:
        _pg_restore(connections[using].settings_dict, dump, replace=replace)
    connections[using].close()


def _sqlite_file(settings_dict) -> str:
    name = str(settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("The database is in memory: there is nothing on disk to back up.")
    return name


def _sqlite_dump(settings_dict, target: Path) -> None:
    source = sqlite3.connect(_sqlite_file(settings_dict))
    copy = sqlite3.connect(target)
    try:
        # Page by page, under SQLite's own locking: writers may go on, the copy is the
        # database as it was at one moment.
        source.backup(copy)
        # One self-contained file (no -wal beside it), whatever mode the site runs in.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
        source.close()


def _sqlite_load(settings_dict, dump: Path) -> None:
    source = sqlite3.connect(dump)
    target = sqlite3.connect(_sqlite_file(settings_dict))
    try:
        # Replaces the target's whole content, schema included.
        source.backup(target)
    finally:
        target.close()
        source.close()


def _pg_program(name: str) -> str:
    program = shutil.which(name)
    if not program:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL client tools of the server's "
            "major version (Debian: postgresql-client)."
        )
    return program


def _pg_connection(settings_dict) -> tuple[list[str], dict[str, str]]:
    """Command-line options and environment for the database in `settings_dict` (the
    password goes through the environment, never the command line)."""
    options, env = [], dict(os.environ)
    for key, flag in (("HOST", "--host"), ("PORT", "--port"), ("USER", "--username")):
        if settings_dict.get(key):
            options.append(f"{flag}={settings_dict[key]}")
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    options.append(f"--dbname={settings_dict['NAME']}")
    return options, env


def _run(command: list[str], env: dict[str, str]) -> None:
    # The program is found on PATH and its arguments come from settings, not from a user.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _pg_dump(settings_dict, target: Path) -> None:
    options, env = _pg_connection(settings_dict)
    # The custom format is compressed and lets pg_restore choose what to restore; owners and
    # grants are left out so that the backup restores under another role too.
    command = [_pg_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
    _run([*command, f"--file={target}", *options], env)


def _pg_restore(settings_dict, dump: Path, *, replace: bool) -> None:
    options, env = _pg_connection(settings_dict)
    command = [_pg_program("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
    command.append("--single-transaction")
    if replace:
        # Drops what the backup holds before creating it again; tables the backup does not
        # know stay.
        command += ["--clean", "--if-exists"]
    _run([*command, *options, str(dump)], env)
