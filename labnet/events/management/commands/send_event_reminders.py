"""Run daily (cron or a scheduler): the day-before reminders, each sent once."""

from django.core.management.base import BaseCommand

from labnet.events.reminders import reminders_send


class Command(BaseCommand):
    help = "Send the reminders of tomorrow's events to confirmed registrants (once each)."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
