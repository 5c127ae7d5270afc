"""`manage.py restore PATH [--yes] [--force]`: a backup back into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from labnet.core.backup.archive import backup_restore
from labnet.core.backup.database import BackupError


class Command(BaseCommand):
    help = (
        "Restore a backup written by `backup` into an empty database and an empty media "
        "folder, after checking every hash of its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup's .tar file.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that is not empty and write over existing files.",
        )
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, **options):
        path, using = options["path"], options["database"]
        if not path.is_file():
            raise CommandError(f"No backup at {path}.")
        target = connections[using].settings_dict["NAME"]
        if not options["yes"]:
            answer = input(f"Restore {path} into the database {target}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was restored.")
        try:
            report = backup_restore(path, using=using, force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = report.manifest
        self.stdout.write(
            f"Restored {path} (made {manifest['created_at']} by LabNet "
            f"{manifest['labnet_version']}):\n"
            f"  database: {report.vendor} {target}"
            f"{', its previous content replaced' if report.replaced else ''}\n"
            f"  uploaded files: {report.files} ({report.bytes} bytes), every hash checked"
        )
        if not report.files_included:
            self.stderr.write("The backup held no uploaded files (they were in another storage).")
        if report.pending_migrations:
            self.stderr.write(
                f"{len(report.pending_migrations)} migrations of this code are not applied "
                "to the restored database: run `manage.py migrate`."
            )
        if report.unknown_migrations:
            self.stderr.write(
                "The backup comes from a newer LabNet: these migrations are unknown to this "
                f"code: {', '.join(report.unknown_migrations)}."
            )
