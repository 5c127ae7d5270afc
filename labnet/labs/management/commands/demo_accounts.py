from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from labnet.labs.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_accounts_ensure


class Command(BaseCommand):
    help = "Create or refresh the local demo accounts (one per role). Refused in production."

    def handle(self, *args, **options):
        if not settings.LABNET_DEMO_ACCOUNTS:
            raise CommandError(
                "Comptes de démonstration refusés : ces réglages ne les autorisent pas "
                "(LABNET_DEMO_ACCOUNTS est désactivé, toujours en production)."
            )
        demo_accounts_ensure()
        self.stdout.write("Comptes de démonstration (usage local uniquement) :")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.role:<20} {account.email}")
        self.stdout.write(f"  mot de passe commun : {DEMO_PASSWORD}")
