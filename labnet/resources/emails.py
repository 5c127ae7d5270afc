"""The library's e-mails: built here, queued after commit (`core.mail.email_from_template`)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from labnet.accounts.models import User
from labnet.core.links import site_url
from labnet.core.mail import email_from_template


def _send(*, template: str, subject: str, to: list[str], context: dict) -> None:
    context = {**context, "site_url": site_url("/")}
    email_from_template(template=template, context=context, subject=subject, to=to)


def proposal_received(resource) -> None:
    """The coordination learns there is a proposal to review."""
    coordinators = (
        User.objects.filter(is_coordinator=True, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )
    _send(
        template="resources/emails/proposal_received.txt",
        subject=_("Ressource à relire : %(title)s") % {"title": resource.title},
        to=list(coordinators),
        context={"resource": resource, "review_url": site_url(reverse("resources:review_queue"))},
    )


def proposal_decided(resource) -> None:
    """The proposer hears of each decision, with the coordination's message."""
    if resource.proposed_by is None:
        return
    published = resource.is_published
    subject = (
        _("Votre ressource est publiée : %(title)s")
        if published
        else _("Votre ressource n'est pas publiée : %(title)s")
    ) % {"title": resource.title}
    _send(
        template="resources/emails/proposal_decided.txt",
        subject=subject,
        to=[resource.proposed_by.email],
        context={
            "resource": resource,
            "published": published,
            "resource_url": site_url(resource.get_absolute_url()),
            "proposals_url": site_url(reverse("resources:my_proposals")),
        },
    )
