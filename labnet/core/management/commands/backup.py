"""`manage.py backup [--output DIR]`: the database and the uploaded files in one tar."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from labnet.core.backup.archive import backup_write
from labnet.core.backup.database import BackupError


class Command(BaseCommand):
    help = (
        "Write a consistent backup (database, uploaded files, manifest of hashes) into one "
        "tar file. See README, Operating."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.VAR_DIR) / "backups",
            help="Folder to write the backup in (default: var/backups).",
        )
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, **options):
        try:
            result = backup_write(options["output"], using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        files = manifest["files"]
        self.stdout.write(
            f"Backup written: {result.path}\n"
            f"  database: {manifest['database']['vendor']}, "
            f"{manifest['database']['size']} bytes\n"
            f"  uploaded files: {len(files)} ({sum(f['size'] for f in files)} bytes)"
        )
        if manifest["storage"].endswith("(files not included)"):
            self.stderr.write(
                "The uploaded files are NOT in this backup: they are kept by "
                f"{manifest['storage'].removesuffix(' (files not included)')}, not on this "
                "machine's file system. Back that storage up with its own tools."
            )
