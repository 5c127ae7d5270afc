"""What the calls' services share: the answer's row lock, its authors' addresses and mail."""

from django.utils import formats, timezone

from labnet.core.mail import email_from_template

from ..models import (
    Answer,
)


def paris_time(value) -> str:
    with timezone.override("Europe/Paris"):
        return formats.date_format(timezone.localtime(value), "j F Y à H:i")


def answer_recipients(answer: Answer) -> list[str]:
    seen, result = set(), []
    for user in [answer.author, *answer.co_authors.all()]:
        if user.is_active and user.email.lower() not in seen:
            seen.add(user.email.lower())
            result.append(user.email)
    return result


def mail_authors(answer: Answer, *, template: str, context: dict, subject: str) -> None:
    """One mail to the answer's authors, its body from `template`."""
    email_from_template(
        template=template, context=context, subject=subject, to=answer_recipients(answer)
    )


def lock_answer(answer: Answer) -> Answer:
    return (
        Answer.objects.select_for_update(of=("self",))
        .select_related("call", "call__owner_lab", "author")
        .get(pk=answer.pk)
    )
