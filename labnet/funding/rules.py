"""Who may see and manage the network's funding. Pure functions of a user and an object;
services and selectors call them, templates only mirror them."""

from django.db.models import Q
from django.utils.translation import gettext as _

from labnet.accounts.rules import is_coordinator, led_lab_ids
from labnet.core.refusals import require

from .enums import AllocationStatus


def can_manage_funding(user) -> bool:
    """Sources, envelopes and allocations are the national coordination's."""
    return is_coordinator(user)


def is_beneficiary_lead(user, allocation) -> bool:
    """The lead of the lab that benefits (the lab itself, or a project's lead lab)."""
    lab_ids = led_lab_ids(user)
    if not lab_ids:
        return False
    if allocation.lab_id is not None:
        return allocation.lab_id in lab_ids
    if allocation.project_id is not None:
        return allocation.project.lead_lab_id in lab_ids
    return False


def visible_allocations_filter(user, prefix: str = "") -> Q:
    """Allocations `user` may read: decided ones (committed, paid) for everyone; all of
    their lab's (planned and cancelled too) for a lab lead; everything for the coordinator."""
    if is_coordinator(user):
        return Q()
    decided = Q(**{f"{prefix}status__in": AllocationStatus.decided()})
    lab_ids = led_lab_ids(user)
    if not lab_ids:
        return decided
    from labnet.projects.models import Project

    # The projects as a subquery on their indexed lead lab, not a join: joined, the
    # OR made the database read every project for every allocation.
    led_projects = Project.objects.filter(lead_lab_id__in=lab_ids).values("pk")
    return (
        decided
        | Q(**{f"{prefix}lab_id__in": lab_ids})
        | Q(**{f"{prefix}project_id__in": led_projects})
    )


def can_see_allocation(user, allocation) -> bool:
    return (
        AllocationStatus(allocation.status).is_decided
        or is_coordinator(user)
        or is_beneficiary_lead(user, allocation)
    )


def can_record_payment(user, allocation) -> bool:
    """The coordination, and the beneficiary lab's lead (payments received)."""
    return is_coordinator(user) or is_beneficiary_lead(user, allocation)


def can_write_reporting_notes(user, allocation) -> bool:
    return is_coordinator(user) or is_beneficiary_lead(user, allocation)


# The refusals (docs/adr/0030-polish-one-way-to-refuse.md): services call them before they
# write, and pages that only show a form call them before showing it.


def require_can_manage_funding(user) -> None:
    require(can_manage_funding(user), _("Seule la coordination nationale gère les financements."))


def require_can_record_payment(user, allocation) -> None:
    require(
        can_record_payment(user, allocation),
        _(
            "Seuls la coordination et le responsable du laboratoire bénéficiaire "
            "enregistrent les versements."
        ),
    )


def require_can_write_reporting_notes(user, allocation) -> None:
    require(
        can_write_reporting_notes(user, allocation),
        _(
            "Seuls la coordination et le responsable du laboratoire bénéficiaire "
            "rédigent le compte rendu."
        ),
    )
