from django.core.management.base import BaseCommand

from labnet.people.personal_data.rights import personal_data_purge, retention_days


class Command(BaseCommand):
    help = (
        "Applique la règle de conservation : efface les données de visiteurs jamais "
        "confirmées plus anciennes que LABNET_RETENTION_DAYS jours."
    )

    def handle(self, *args, **options):
        counts = personal_data_purge()
        self.stdout.write(f"Conservation : {retention_days()} jours.")
        if not counts:
            self.stdout.write("Aucune section ne conserve de données temporaires.")
        for key, count in counts.items():
            self.stdout.write(f"{key} : {count} ligne(s) effacée(s).")
        self.stdout.write(
            self.style.SUCCESS(f"Total : {sum(counts.values())} ligne(s) effacée(s).")
        )
