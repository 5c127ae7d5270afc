"""E-mails to the people registered to an event: built here, queued after commit.

Services call these inside their transaction; nothing is sent if the write rolls back.
Times are written in the event's own time zone (Europe/Paris, or the overseas zone), and
the connection link of an online event is written only for a confirmed place.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from labnet.core.links import site_url
from labnet.core.mail import email_from_template

from .enums import RegistrationStatus


def registration_links(registration) -> dict[str, str]:
    token = str(registration.token)
    return {
        "event_url": site_url(registration.event.get_absolute_url()),
        "confirm_url": site_url(reverse("events:registration_confirm", kwargs={"token": token})),
        "cancel_url": site_url(reverse("events:registration_cancel", kwargs={"token": token})),
        # Its own secret: a calendar address may be shared, it must not cancel the place.
        "ics_url": site_url(
            reverse("events:registration_ics", kwargs={"token": str(registration.ics_token)})
        ),
    }


def _send(*, template: str, subject: str, registration, **extra) -> None:
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "show_online_url": registration.status == RegistrationStatus.CONFIRMED
        and event.is_online
        and bool(event.online_url),
        "zone_name": event.time_zone,
        "is_paris": event.time_zone == "Europe/Paris",
        **registration_links(registration),
        **extra,
    }
    email_from_template(
        template=template,
        context=context,
        subject=subject,
        to=[registration.email],
        zone=event.zone,
    )


def send_registered(*, registration) -> None:
    """Right after registering: confirmed, to confirm (visitor), or waiting."""
    title = registration.event.title
    if registration.status == RegistrationStatus.PENDING:
        subject = _("LabNet : confirmez votre inscription à « %(title)s »")
    elif registration.status == RegistrationStatus.WAITING:
        subject = _("LabNet : vous êtes sur la liste d'attente de « %(title)s »")
    else:
        subject = _("LabNet : votre inscription à « %(title)s » est confirmée")
    _send(
        template="events/emails/registered.txt",
        subject=subject % {"title": title},
        registration=registration,
    )


def send_confirmed(*, registration) -> None:
    """The visitor confirmed: the place is theirs, or, the event having filled up since,
    their rank on the waiting list."""
    if registration.status == RegistrationStatus.WAITING:
        subject = _("LabNet : vous êtes sur la liste d'attente de « %(title)s »")
    else:
        subject = _("LabNet : votre inscription à « %(title)s » est confirmée")
    _send(
        template="events/emails/registered.txt",
        subject=subject % {"title": registration.event.title},
        registration=registration,
    )


def send_promoted(*, registration) -> None:
    _send(
        template="events/emails/promoted.txt",
        subject=_("LabNet : une place s'est libérée pour « %(title)s »")
        % {"title": registration.event.title},
        registration=registration,
    )


def send_cancelled(*, registration) -> None:
    _send(
        template="events/emails/cancelled.txt",
        subject=_("LabNet : votre inscription à « %(title)s » est annulée")
        % {"title": registration.event.title},
        registration=registration,
    )


def send_reminder(*, registration) -> None:
    _send(
        template="events/emails/reminder.txt",
        subject=_("LabNet : rappel, « %(title)s » a lieu demain")
        % {"title": registration.event.title},
        registration=registration,
    )


def send_event_cancelled(*, registration, reason: str) -> None:
    _send(
        template="events/emails/event_cancelled.txt",
        subject=_("LabNet : « %(title)s » est annulé") % {"title": registration.event.title},
        registration=registration,
        reason=reason,
    )
