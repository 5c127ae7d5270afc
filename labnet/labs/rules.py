from django.utils.translation import gettext as _

from labnet.accounts.rules import is_coordinator, is_lab_lead, is_lab_member
from labnet.core.refusals import require


def can_edit_lab_profile(user, lab) -> bool:
    """The lab's profile is the lead's to keep (docs/product.md: lab lead), or the coordinator's."""
    return is_coordinator(user) or is_lab_lead(user, lab)


def can_see_lab_internals(user, lab) -> bool:
    """Unpublished projects and team details stay inside the team (and the coordinator)."""
    return is_coordinator(user) or is_lab_member(user, lab)


def can_manage_contributors(user, lab) -> bool:
    """The team keeps its pool of contributors; the coordinator may too."""
    return is_coordinator(user) or is_lab_member(user, lab)


def require_lab_internals(user, lab) -> None:
    require(
        can_see_lab_internals(user, lab),
        _("Réservé à l'équipe du laboratoire et à la coordination nationale."),
    )


def require_can_edit_lab_profile(user, lab) -> None:
    require(
        can_edit_lab_profile(user, lab),
        _("Seul le responsable du laboratoire ou la coordination nationale modifie sa fiche."),
    )
