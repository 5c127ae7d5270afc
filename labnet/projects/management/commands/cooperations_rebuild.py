"""Recompute every precomputed cooperation link (docs/adr/0057-precomputed-cooperations.md).

Services keep the links exact; run this after writes that bypass the model signals
(bulk inserts such as the benchmark generator's, raw SQL)."""

from django.core.management.base import BaseCommand

from labnet.projects.cooperation import cooperation_links_rebuild


class Command(BaseCommand):
    help = "Recomputes every cooperation link between labs (after bulk writes)."

    def handle(self, *args, **options):
        count = cooperation_links_rebuild()
        self.stdout.write(f"{count} cooperation links")
