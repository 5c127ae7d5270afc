"""`manage.py intake_response_times_rebuild`: measure every answered request again and
recompute the kept response-time figures, after writes that bypassed `Request.save` (a
bulk import, a manual UPDATE); docs/adr/0054."""

import time

from django.core.management.base import BaseCommand

from labnet.intake.stats_store import measure_all, rebuild


class Command(BaseCommand):
    help = (
        "Mesure à nouveau chaque demande ayant reçu une réponse et recalcule les délais de "
        "première réponse conservés (réseau, laboratoires, mois). Idempotent."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        measured = measure_all()
        figures = rebuild()
        if options["verbosity"]:
            self.stdout.write(
                f"{measured} demandes mesurées, {figures} chiffres calculés "
                f"en {time.perf_counter() - started:.1f} s."
            )
