from labnet.accounts.rules import is_coordinator, is_lab_lead


def can_manage_subscription(user, *, lab) -> bool:
    """The coordination subscribes to anything; a lab lead to their lab's events."""
    if is_coordinator(user):
        return True
    return lab is not None and is_lab_lead(user, lab)
