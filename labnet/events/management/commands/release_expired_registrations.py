"""Run hourly (cron or a scheduler): pending registrations whose link expired are cancelled."""

from django.core.management.base import BaseCommand

from labnet.events.registrations import expired_pending_cancel


class Command(BaseCommand):
    help = (
        "Cancels the visitors' registrations not confirmed before their link expired "
        "(they hold no place: the waiting list does not move)."
    )

    def handle(self, *args, **options):
        cancelled = expired_pending_cancel()
        self.stdout.write(f"{cancelled} inscription(s) non confirmée(s) annulée(s).")
