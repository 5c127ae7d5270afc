"""`manage.py search_reindex`: rebuild the projects' search index (after an import)."""

import time

from django.core.management.base import BaseCommand

from labnet.search.services import REINDEX_BATCH, projects_reindex


class Command(BaseCommand):
    help = (
        "Reconstruit l'index de recherche des projets (à lancer après import_network). "
        "Idempotent : le relancer donne le même index."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=REINDEX_BATCH)

    def handle(self, *args, batch_size, **options):
        started = time.perf_counter()
        progress = self._progress if options["verbosity"] > 1 else None
        count = projects_reindex(batch_size=batch_size, progress=progress)
        if options["verbosity"]:
            self.stdout.write(f"{count} projets indexés en {time.perf_counter() - started:.1f} s.")

    def _progress(self, done, total):
        self.stdout.write(f"  {done}/{total}")
