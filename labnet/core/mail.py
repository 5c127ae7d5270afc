from functools import partial

from django.db import transaction

from .tasks import send_email


def email_enqueue(*, subject: str, body: str, to: list[str], html_body: str = "") -> None:
    """Queue an e-mail once the current transaction commits: a rolled-back write sends nothing."""
    transaction.on_commit(
        partial(send_email.enqueue, subject=subject, body=body, to=to, html_body=html_body)
    )
