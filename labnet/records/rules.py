from django.utils.translation import gettext as _

from labnet.accounts.rules import is_lab_member
from labnet.core.refusals import require


def can_confirm_contribution(user, project) -> bool:
    """A member of the project's lead lab confirms what a person brought to it."""
    return is_lab_member(user, project.lead_lab)


def can_see_lab_contributions(user, lab) -> bool:
    return is_lab_member(user, lab)


def require_can_see_lab_contributions(user, lab) -> None:
    """The refusal (docs/adr/0030) of the lab's contributions page and of its confirmations."""
    require(
        can_see_lab_contributions(user, lab),
        _("Les contributions aux projets sont visibles de l'équipe du laboratoire."),
    )
