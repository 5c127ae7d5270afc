"""Builders shared by the single window's tests (services, pages, API)."""

import datetime

from django.utils import timezone

from labnet.intake.enums import RequestEventKind, RequestStatus
from labnet.intake.models import RequestEvent
from tests.factories import RequestFactory


def draft_for(author, **kwargs):
    """A draft with every step filled in, ready to send."""
    kwargs.setdefault("organisation_name", "Préfecture de l'Eure")
    kwargs.setdefault("current_step", 6)
    return RequestFactory(author=author, **kwargs)


def sent_to(lab, *, author=None, hours_ago=1, **kwargs):
    """A request sent to `lab` `hours_ago` hours ago, its clock set by the lab's commitment."""
    submitted_at = timezone.now() - datetime.timedelta(hours=hours_ago)
    if author is not None:
        kwargs["author"] = author
    kwargs.setdefault("status", RequestStatus.SUBMITTED)
    kwargs.setdefault("organisation_name", "Préfecture de l'Eure")
    request = RequestFactory(
        lab=lab,
        submitted_at=submitted_at,
        answer_due_at=submitted_at + datetime.timedelta(hours=lab.first_answer_hours),
        current_step=6,
        **kwargs,
    )
    RequestEvent.objects.create(request=request, kind=RequestEventKind.SUBMITTED, to_lab=lab)
    return request


def answered(lab, hours, commitment=24, *, first_lab=None):
    """A request `lab` (or `first_lab`) answered `hours` after it was sent."""
    submitted = timezone.now() - datetime.timedelta(days=10)
    return RequestFactory(
        status=RequestStatus.ACCEPTED,
        lab=lab,
        submitted_at=submitted,
        first_answered_at=submitted + datetime.timedelta(hours=hours),
        first_answer_lab=first_lab or lab,
        first_answer_commitment_hours=commitment,
    )
