from labnet.accounts.rules import is_coordinator, is_lab_lead, is_lab_member


def can_edit_lab_profile(user, lab) -> bool:
    """The lab's profile is the lead's to keep (docs/product.md: lab lead), or the coordinator's."""
    return is_coordinator(user) or is_lab_lead(user, lab)


def can_see_lab_internals(user, lab) -> bool:
    """Unpublished projects and team details stay inside the team (and the coordinator)."""
    return is_coordinator(user) or is_lab_member(user, lab)


def can_manage_contributors(user, lab) -> bool:
    """The team keeps its pool of contributors; the coordinator may too."""
    return is_coordinator(user) or is_lab_member(user, lab)
