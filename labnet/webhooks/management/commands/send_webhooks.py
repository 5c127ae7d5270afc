from django.core.management.base import BaseCommand

from labnet.webhooks.services import deliveries_due


class Command(BaseCommand):
    help = "Send the webhook deliveries whose next try is due (run every minute from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"{deliveries_due()} delivery(ies) tried.")
