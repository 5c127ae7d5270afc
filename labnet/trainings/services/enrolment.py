"""Enrolment and the waiting list: places taken under the cohort's row lock."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.accounts.models import Membership
from labnet.core.mail import email_from_template
from labnet.core.services import audit_record
from labnet.trainings.audit import TrainingsAction

from ..enums import CohortStatus, EnrolmentStatus
from ..models import (
    Cohort,
    Enrolment,
)
from ..rules import can_enrol, can_manage_programme, is_enrolment_owner
from .common import cohort_url, locked_cohort, promote_waiting, refusal


def enrolment_create(*, actor, cohort: Cohort) -> Enrolment:
    """Enrol `actor`: a place if one is left, else the next rank on the waiting list."""
    if not can_enrol(actor):
        raise PermissionDenied(_("Connectez-vous pour vous inscrire."))
    with transaction.atomic():
        cohort = locked_cohort(cohort)
        if not cohort.enrolment_open or cohort.status == CohortStatus.COMPLETED:
            raise refusal(
                "cohort", _("Les inscriptions à cette promotion ne sont pas ouvertes."), "closed"
            )
        live = cohort.enrolments.exclude(status=EnrolmentStatus.CANCELLED)
        if live.filter(user=actor).exists():
            raise refusal("cohort", _("Vous êtes déjà inscrit à cette promotion."), "duplicate")
        counts = live.aggregate(
            confirmed=Count("pk", filter=Q(status=EnrolmentStatus.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=EnrolmentStatus.WAITING)),
        )
        has_place = cohort.capacity is None or counts["confirmed"] < cohort.capacity
        lab_id = (
            Membership.objects.filter(user=actor).order_by("pk").values_list("lab_id", flat=True)
        ).first()
        enrolment = Enrolment(cohort=cohort, user=actor, lab_id=lab_id)
        if has_place:
            enrolment.status = EnrolmentStatus.CONFIRMED
        else:
            enrolment.status = EnrolmentStatus.WAITING
            # Ranks stay 1..n (cancellations renumber), so the next one is n + 1.
            enrolment.position = counts["waiting"] + 1
        try:
            with transaction.atomic():
                enrolment.save()
        except IntegrityError:
            # The unique constraint is the last guard; the lock makes this unreachable.
            raise refusal(
                "cohort", _("Vous êtes déjà inscrit à cette promotion."), "duplicate"
            ) from None
        audit_record(
            actor=actor,
            action=TrainingsAction.ENROLMENT_CREATE,
            target=enrolment,
            changes={"status": enrolment.status, "position": enrolment.position},
        )
        _mail_enrolment(enrolment)
    return enrolment


def _mail_enrolment(enrolment: Enrolment) -> None:
    cohort = enrolment.cohort
    if enrolment.status == EnrolmentStatus.CONFIRMED:
        subject = _("Inscription confirmée : %(cohort)s") % {"cohort": cohort.name}
    else:
        subject = _("Liste d'attente : %(cohort)s") % {"cohort": cohort.name}
    email_from_template(
        template="trainings/emails/enrolled.txt",
        context={"enrolment": enrolment, "cohort": cohort, "url": cohort_url(cohort)},
        subject=subject,
        to=[enrolment.user.email],
    )


def enrolment_cancel(*, actor, enrolment: Enrolment) -> Enrolment:
    """Cancel a place or a rank; a freed place goes to the first on the waiting list."""
    programme = enrolment.cohort.programme
    if not (is_enrolment_owner(actor, enrolment) or can_manage_programme(actor, programme)):
        raise PermissionDenied(_("Vous ne pouvez annuler que vos propres inscriptions."))
    with transaction.atomic():
        cohort = locked_cohort(enrolment.cohort)
        enrolment = Enrolment.objects.select_related("user").get(pk=enrolment.pk)
        if enrolment.status == EnrolmentStatus.CANCELLED:
            raise refusal("enrolment", _("Cette inscription est déjà annulée."), "cancelled")
        if enrolment.completed_at is not None:
            raise refusal(
                "enrolment",
                _("Cette formation est terminée : l'inscription ne peut plus être annulée."),
                "completed",
            )
        was = enrolment.status
        old_position = enrolment.position
        enrolment.status = EnrolmentStatus.CANCELLED
        enrolment.position = None
        enrolment.cancelled_at = timezone.now()
        enrolment.save(update_fields=["status", "position", "cancelled_at"])
        audit_record(
            actor=actor,
            action=TrainingsAction.ENROLMENT_CANCEL,
            target=enrolment,
            changes={"status": [was, EnrolmentStatus.CANCELLED]},
        )
        if was == EnrolmentStatus.WAITING:
            _close_gap(cohort, old_position)
        else:
            promote_waiting(actor=actor, cohort=cohort)
    return enrolment


def _close_gap(cohort: Cohort, position: int) -> None:
    """Keep waiting ranks 1..n after someone leaves the list."""
    cohort.enrolments.filter(status=EnrolmentStatus.WAITING, position__gt=position).update(
        position=F("position") - 1
    )
