from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html_body: str = "",
    reply_to: list[str] | None = None,
) -> int:
    """Send one e-mail through Django's e-mail backend, off the request path."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, reply_to=reply_to or None)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()
