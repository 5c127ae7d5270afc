from contextlib import nullcontext
from functools import partial

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .tasks import send_email


def email_enqueue(
    *,
    subject: str,
    body: str,
    to: list[str],
    html_body: str = "",
    reply_to: list[str] | None = None,
) -> None:
    """Queue an e-mail once the current transaction commits: a rolled-back write sends nothing.

    `reply_to` is only passed on when given, so the task's arguments stay as they were for
    every mail that does not need one. The subject's whitespace is collapsed to single spaces.
    """
    extra = {"reply_to": list(reply_to)} if reply_to else {}
    # A header is one line: a newline typed into a subject (a call's title, a message's
    # subject) would make the send fail with BadHeaderError once the write is committed.
    subject = " ".join(str(subject).split())
    transaction.on_commit(
        partial(send_email.enqueue, subject=subject, body=body, to=to, html_body=html_body, **extra)
    )


def email_from_template(
    *, template: str, context: dict, subject: str, to: list[str], zone=None
) -> None:
    """Render the plain-text body from `template` (`<app>/emails/<name>.txt`, French source
    strings in `{% translate %}`) and queue it after commit. Blank addresses are dropped; no
    address left, no mail. Dates in the body read in `zone` when given (an event's, a lab's
    own time zone), in the site's otherwise."""
    to = [address for address in to if address]
    if not to:
        return
    with timezone.override(zone) if zone is not None else nullcontext():
        body = render_to_string(template, context).strip()
    email_enqueue(subject=subject, body=body, to=to)
