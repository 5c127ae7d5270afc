"""Run daily (cron or a scheduler): one reminder per overdue next step, never two."""

from django.core.management.base import BaseCommand

from labnet.projects.next_steps import next_steps_remind_overdue


class Command(BaseCommand):
    help = "E-mails each owner of an overdue next step once (sets reminded_at)."

    def handle(self, *args, **options):
        sent = next_steps_remind_overdue()
        self.stdout.write(f"{sent} reminder(s) queued.")
