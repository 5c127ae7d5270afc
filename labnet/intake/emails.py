"""The single window's e-mails: built here, queued after commit (`core.mail.email_from_template`).

Services call these inside their transaction; nothing is sent if the write rolls back.
"""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labnet.accounts.models import User
from labnet.core.links import site_url
from labnet.core.mail import email_from_template

from . import clock
from .enums import RequestDecision, RequestEventKind


def _unique(emails) -> list[str]:
    seen, result = set(), []
    for email in emails:
        if email and email.lower() not in seen:
            seen.add(email.lower())
            result.append(email)
    return result


def author_recipients(request) -> list[str]:
    """The author (account or the address an outside form gave) and the co-authors."""
    first = request.author.email if request.author_id is not None else request.author_email
    return _unique([first, *(user.email for user in request.co_authors.all())])


def lab_recipients(lab) -> list[str]:
    """The lab's team on LabNet, and the lab's contact address."""
    team = (
        User.objects.filter(memberships__lab=lab, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )
    return _unique([*team, lab.email])


def _send(*, template: str, subject: str, to: list[str], context: dict) -> None:
    request = context["request"]
    context = {
        **context,
        "tracking_url": site_url(request.get_absolute_url()),
        "site_url": site_url("/"),
    }
    # Dates read in the lab's local time: an overseas lab and its agents share it.
    zone = clock.lab_timezone(request.lab if request.lab_id else None)
    email_from_template(template=template, context=context, subject=subject, to=to, zone=zone)


def send_acknowledgement(*, request) -> None:
    _send(
        template="intake/emails/acknowledgement.txt",
        subject=_("LabNet : votre demande « %(title)s » a été envoyée à %(lab)s")
        % {"title": request.title, "lab": request.lab.name},
        to=author_recipients(request),
        context={"request": request, "has_account": request.author_id is not None},
    )


def send_new_request(*, request, passed_on_by=None, message: str = "") -> None:
    """To the lab's team: a request arrived, sent by its author or passed on by a lab."""
    _send(
        template="intake/emails/new_request.txt",
        subject=_("LabNet : nouvelle demande pour %(lab)s : « %(title)s »")
        % {"lab": request.lab.name, "title": request.title},
        to=lab_recipients(request.lab),
        context={
            "request": request,
            "passed_on_by": passed_on_by,
            "message": message,
            "inbox_url": site_url(reverse("intake:lab_inbox", kwargs={"lab_key": request.lab.key})),
        },
    )


DECISION_SUBJECTS = {
    RequestDecision.ACCEPT: gettext_lazy("LabNet : votre demande « %(title)s » est acceptée"),
    RequestDecision.BOOST: gettext_lazy(
        "LabNet : un coup de pouce vous est proposé pour « %(title)s »"
    ),
    RequestDecision.REDIRECT_LAB: gettext_lazy(
        "LabNet : votre demande « %(title)s » a été transmise"
    ),
    RequestDecision.REDIRECT_OUT: gettext_lazy(
        "LabNet : votre demande « %(title)s » a été réorientée"
    ),
    RequestDecision.ASK_INFO: gettext_lazy("LabNet : précisions demandées sur « %(title)s »"),
    RequestDecision.DECLINE: gettext_lazy("LabNet : réponse à votre demande « %(title)s »"),
}


def send_decision(*, request, decision: str, lab, message: str = "") -> None:
    """To the author and co-authors: the lab's answer."""
    subject = str(DECISION_SUBJECTS[decision]) % {"title": request.title}
    _send(
        template="intake/emails/decision.txt",
        subject=subject,
        to=author_recipients(request),
        context={"request": request, "decision": decision, "lab": lab, "message": message},
    )


def send_coauthor_invitation(*, request, co_author, invited_by) -> None:
    _send(
        template="intake/emails/coauthor_added.txt",
        subject=_("LabNet : %(name)s vous invite à co-écrire « %(title)s »")
        % {"name": invited_by.full_name or invited_by.email, "title": request.title or "…"},
        to=[co_author.email],
        context={"request": request, "co_author": co_author, "invited_by": invited_by},
    )


LAB_NOTICE_SUBJECTS = {
    RequestEventKind.INFO_PROVIDED: gettext_lazy("LabNet : précisions apportées sur « %(title)s »"),
    RequestEventKind.WITHDRAWN: gettext_lazy("LabNet : la demande « %(title)s » a été retirée"),
    RequestEventKind.BOOST_BOOKED: gettext_lazy(
        "LabNet : coup de pouce réservé pour « %(title)s »"
    ),
}


def send_lab_notice(*, request, kind: str, message: str = "", slot=None) -> None:
    """To the lab's team: the author answered, withdrew, or booked a boost slot."""
    _send(
        template="intake/emails/lab_notice.txt",
        subject=str(LAB_NOTICE_SUBJECTS[kind]) % {"title": request.title},
        to=lab_recipients(request.lab),
        context={"request": request, "kind": kind, "message": message, "slot": slot},
    )


def send_boost_confirmation(*, request, slot) -> None:
    _send(
        template="intake/emails/boost_booked.txt",
        subject=_("LabNet : votre coup de pouce du %(date)s est réservé")
        % {
            "date": formats.date_format(
                timezone.localtime(slot.starts_at, clock.lab_timezone(request.lab)),
                "SHORT_DATE_FORMAT",
            )
        },
        to=author_recipients(request),
        context={"request": request, "slot": slot},
    )
