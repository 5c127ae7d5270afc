"""`manage.py people_listing_rebuild`: recompute every profile's `listed` and `name_key`
(after a bulk load that bypassed the services; docs/adr/0056). Idempotent."""

import time

from django.core.management.base import BaseCommand

from labnet.people.listing import listing_rebuild


class Command(BaseCommand):
    help = (
        "Recalcule la présence de chaque profil dans l'annuaire (après un chargement en "
        "masse). Idempotent : le relancer ne change plus rien."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        changed = listing_rebuild()
        if options["verbosity"]:
            self.stdout.write(
                f"{changed} profils recalculés en {time.perf_counter() - started:.1f} s."
            )
