"""E-mails of campaign proposals: built here, queued after commit (`core.mail.email_from_template`).

The proposal services call these inside their transaction; nothing is sent if the write
rolls back. Dates read in the event's own time zone (an event in Guadeloupe is told in
Guadeloupe's time).
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labnet.accounts.models import User
from labnet.core.links import site_url
from labnet.core.mail import email_from_template


def _send(*, template: str, subject: str, to: list[str], event, context: dict) -> None:
    context = {
        **context,
        "event": event,
        "campaign": event.campaign,
        "proposals_url": site_url(reverse("events:my_proposals")),
        "site_url": site_url("/"),
    }
    email_from_template(template=template, context=context, subject=subject, to=to, zone=event.zone)


def _organiser(event) -> list[str]:
    return [event.created_by.email] if event.created_by_id is not None else []


def send_proposal_received(*, event) -> None:
    """To the organiser: the proposal is in, the coordination will answer."""
    _send(
        template="events/emails/proposal_received.txt",
        subject=_("LabNet : votre proposition « %(title)s » est transmise à la coordination")
        % {"title": event.title},
        to=_organiser(event),
        event=event,
        context={},
    )


def send_proposal_to_coordination(*, event, resubmitted: bool) -> None:
    """To the national coordination: a proposal (or a corrected one) waits for them."""
    coordinators = list(
        User.objects.filter(is_coordinator=True, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )
    _send(
        template="events/emails/proposal_to_review.txt",
        subject=(
            _("LabNet : proposition corrigée à relire : « %(title)s »")
            if resubmitted
            else _("LabNet : nouvelle proposition d'événement : « %(title)s »")
        )
        % {"title": event.title},
        to=coordinators,
        event=event,
        context={
            "resubmitted": resubmitted,
            "review_url": site_url(reverse("events:review_detail", kwargs={"key": event.key})),
        },
    )


DECISION_SUBJECTS = {
    "validate": gettext_lazy("LabNet : votre événement « %(title)s » est publié"),
    "request_changes": gettext_lazy("LabNet : modifications demandées pour « %(title)s »"),
    "refuse": gettext_lazy("LabNet : votre proposition « %(title)s » n'est pas retenue"),
}


def send_review_decision(*, event, decision: str, message: str) -> None:
    """To the organiser: the coordination's decision, its message and where to go next."""
    if decision == "validate":
        link = site_url(event.get_absolute_url())
    elif decision == "request_changes":
        link = site_url(reverse("events:proposal_edit", kwargs={"key": event.key}))
    else:
        link = site_url(reverse("events:my_proposals"))
    _send(
        template="events/emails/proposal_decision.txt",
        subject=str(DECISION_SUBJECTS[decision]) % {"title": event.title},
        to=_organiser(event),
        event=event,
        context={"decision": decision, "message": message, "link": link},
    )
