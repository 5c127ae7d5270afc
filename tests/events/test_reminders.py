import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from labnet.events.enums import EventStatus, RegistrationStatus
from labnet.events.models import Registration
from labnet.events.registrations import CONFIRMATION_DELAY, registration_create
from labnet.events.reminders import reminders_send
from labnet.events.tasks import release_expired_registrations
from tests.factories import UserFactory

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
REUNION = zoneinfo.ZoneInfo("Indian/Reunion")
NOW = datetime(2026, 3, 9, 18, 0, tzinfo=PARIS)  # Monday evening in Paris


def _event(starts_at, **kwargs):
    return EventFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), **kwargs)


def test_confirmed_people_are_reminded_the_day_before_once(django_capture_on_commit_callbacks):
    tomorrow = _event(datetime(2026, 3, 10, 9, 30, tzinfo=PARIS), title="Atelier de demain")
    in_two_days = _event(datetime(2026, 3, 11, 9, 30, tzinfo=PARIS))
    cancelled_event = _event(
        datetime(2026, 3, 10, 14, 0, tzinfo=PARIS), status=EventStatus.CANCELLED
    )
    confirmed = RegistrationFactory(event=tomorrow, email="oui@exemple.gouv.fr")
    RegistrationFactory(event=tomorrow, status=RegistrationStatus.WAITING, position=1)
    RegistrationFactory(event=tomorrow, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=in_two_days)
    RegistrationFactory(event=cancelled_event)

    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders_send(now=NOW)

    assert sent == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["oui@exemple.gouv.fr"], "LabNet : rappel, « Atelier de demain » a lieu demain")
    ]
    assert "de 9\u00a0h\u00a030 à 11\u00a0h\u00a030" in mail.outbox[0].body
    confirmed.refresh_from_db()
    assert confirmed.reminded_at == NOW

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=NOW + timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1


def test_the_day_before_is_read_in_the_event_zone(django_capture_on_commit_callbacks):
    # Tuesday 08:00 in La Réunion is Tuesday 05:00 in Paris; on Monday 23:30 in Paris it is
    # already Tuesday 02:30 in La Réunion: the event is today there, no reminder.
    event = _event(datetime(2026, 3, 10, 8, 0, tzinfo=REUNION), time_zone="Indian/Reunion")
    RegistrationFactory(event=event)

    with django_capture_on_commit_callbacks(execute=True):
        late_monday_paris = datetime(2026, 3, 9, 23, 30, tzinfo=PARIS)
        assert reminders_send(now=late_monday_paris) == 0
        monday_noon_reunion = datetime(2026, 3, 9, 12, 0, tzinfo=REUNION)
        assert reminders_send(now=monday_noon_reunion) == 1

    assert "de 8\u00a0h à " in mail.outbox[0].body
    assert "Indian/Reunion" in mail.outbox[0].body


def test_the_command_sends_the_reminders(django_capture_on_commit_callbacks, capsys):
    start = timezone.localtime(timezone.now(), PARIS) + timedelta(days=1)
    event = _event(start.replace(hour=10, minute=0, second=0, microsecond=0))
    RegistrationFactory(event=event)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders")

    assert capsys.readouterr().out == "1 rappel(s) envoyé(s).\n"
    assert len(mail.outbox) == 1


def test_the_hourly_command_cancels_pending_registrations_whose_link_expired(
    django_capture_on_commit_callbacks, capsys
):
    event = EventFactory(capacity=1)
    pending = registration_create(actor=None, event=event, full_name="V", email="v@ex.fr")
    holder = registration_create(actor=UserFactory(email="w@ex.fr"), event=event)
    Registration.objects.filter(pk=pending.pk).update(
        token_expires_at=timezone.now() - CONFIRMATION_DELAY
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("release_expired_registrations")

    assert capsys.readouterr().out == "1 inscription(s) non confirmée(s) annulée(s).\n"
    pending.refresh_from_db()
    holder.refresh_from_db()
    assert pending.status == RegistrationStatus.CANCELLED
    # The pending registration held no place: the signed-in person had it from the start.
    assert holder.status == RegistrationStatus.CONFIRMED
    assert mail.outbox == []
    # Nothing left to cancel: the task finds nothing.
    assert release_expired_registrations.enqueue().return_value == 0
