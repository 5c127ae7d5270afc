"""`manage.py stats_rebuild_facts`: build the national picture's aggregates again now
(after a bulk load that sent no signal; the worker does it by itself otherwise)."""

from django.core.management.base import BaseCommand

from labnet.stats.facts import rebuild_facts


class Command(BaseCommand):
    help = (
        "Recalcule les agrégats du tableau de bord national et du bilan (docs/adr/0058). "
        "Idempotent."
    )

    def handle(self, *args, **options):
        build = rebuild_facts()
        if options["verbosity"]:
            self.stdout.write(f"Agrégats recalculés en {build.seconds:.1f} s.")
