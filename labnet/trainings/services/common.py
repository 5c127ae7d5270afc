"""What the trainings' services share: refusals, the manager check, the cohort's row lock."""

from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from labnet.core.links import site_url
from labnet.core.mail import email_from_template
from labnet.core.services import audit_record
from labnet.trainings.audit import TrainingsAction

from ..enums import EnrolmentStatus
from ..models import (
    Cohort,
    Enrolment,
)


def refusal(field: str, message: str, code: str) -> ValidationError:
    """A French message on one field, with a stable code the API passes on."""
    return ValidationError({field: ValidationError(message, code=code)})


def locked_cohort(cohort: Cohort) -> Cohort:
    return Cohort.objects.select_for_update().select_related("programme").get(pk=cohort.pk)


def cohort_url(cohort: Cohort) -> str:
    # Mails are read outside the site: the link must be absolute.
    return site_url(reverse("trainings:cohort_detail", kwargs={"key": cohort.key}))


def promote_waiting(*, actor, cohort: Cohort) -> list[Enrolment]:
    """Give free places to the first on the waiting list, in order; the cohort is locked."""
    confirmed = cohort.enrolments.filter(status=EnrolmentStatus.CONFIRMED).count()
    free = None if cohort.capacity is None else cohort.capacity - confirmed
    waiting = cohort.enrolments.filter(status=EnrolmentStatus.WAITING).select_related("user")
    ordered = waiting.order_by("position", "pk")
    promoted = list(ordered if free is None else ordered[: max(free, 0)])
    for enrolment in promoted:
        enrolment.status = EnrolmentStatus.CONFIRMED
        enrolment.position = None
        enrolment.save(update_fields=["status", "position"])
        audit_record(
            actor=actor,
            action=TrainingsAction.PROMOTE_WAITING,
            target=enrolment,
            changes={"status": [EnrolmentStatus.WAITING, EnrolmentStatus.CONFIRMED]},
        )
        email_from_template(
            template="trainings/emails/promoted.txt",
            context={"cohort": cohort, "url": cohort_url(cohort)},
            subject=_("Une place s'est libérée : %(cohort)s") % {"cohort": cohort.name},
            to=[enrolment.user.email],
        )
    if promoted:
        cohort.enrolments.filter(status=EnrolmentStatus.WAITING).update(
            position=F("position") - len(promoted)
        )
    return promoted
