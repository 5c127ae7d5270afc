from labnet.accounts.rules import is_lab_member


def can_confirm_contribution(user, project) -> bool:
    """A member of the project's lead lab confirms what a person brought to it."""
    return is_lab_member(user, project.lead_lab)


def can_see_lab_contributions(user, lab) -> bool:
    return is_lab_member(user, lab)
