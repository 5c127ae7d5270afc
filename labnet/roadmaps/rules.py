"""Who may edit roadmaps. Everyone reads them (they are public plans, like the sources
they come from); a lab's leads edit their lab's roadmaps; the coordinator edits all, and
alone edits a region's roadmap that no lab carries."""

from labnet.accounts.rules import is_coordinator, is_lab_lead


def can_edit_roadmap(user, roadmap) -> bool:
    if is_coordinator(user):
        return True
    return roadmap.lab_id is not None and is_lab_lead(user, roadmap.lab)


def can_create_roadmap(user, lab=None) -> bool:
    if is_coordinator(user):
        return True
    return lab is not None and is_lab_lead(user, lab)
