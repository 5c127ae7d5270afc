"""Run hourly (cron or a scheduler): unconfirmed places go to the people waiting."""

from django.core.management.base import BaseCommand

from labnet.events.registrations import expired_places_release


class Command(BaseCommand):
    help = "Releases the places of visitors who did not confirm in time; promotes the waiting."

    def handle(self, *args, **options):
        promoted = expired_places_release()
        self.stdout.write(f"{promoted} personne(s) promue(s) depuis la liste d'attente.")
