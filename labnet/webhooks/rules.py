"""Who may do what with webhook subscriptions."""

from django.utils.translation import gettext as _

from labnet.accounts.rules import is_coordinator, is_lab_lead, led_lab_ids
from labnet.core.refusals import require


def can_subscribe(user) -> bool:
    """The coordination and the labs' leads subscribe addresses to events."""
    return is_coordinator(user) or bool(led_lab_ids(user))


def can_manage_subscription(user, *, lab) -> bool:
    """The coordination subscribes to anything; a lab lead to their lab's events."""
    if is_coordinator(user):
        return True
    return lab is not None and is_lab_lead(user, lab)


def can_handle_subscription(user, subscription) -> bool:
    """Its owner, or whoever may manage subscriptions for its lab, reads, pauses, resumes
    and deletes it."""
    return subscription.owner_id == user.pk or can_manage_subscription(user, lab=subscription.lab)


def require_can_subscribe(user) -> None:
    require(
        can_subscribe(user),
        _("Les webhooks sont réservés à la coordination et aux responsables de laboratoire."),
    )
