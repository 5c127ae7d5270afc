"""Who sees more than the public figures on a dashboard.

The public sees what is public everywhere: published projects, decided allocations, public
indicators, counts of requests and their answer times. "More" is the internal side of the
same figures: projects not yet published, what became of requests (accepted, declined...),
planned allocations (as the funding rules let the reader see them), indicators the teams
keep to themselves. The coordination sees it nationally and on every lab's dashboard; a
lab's team sees it on its own lab's dashboard only, never mixed into the national figures.
"""

from labnet.accounts.rules import is_coordinator, is_lab_member


def sees_internal_figures(user, *, lab=None) -> bool:
    if is_coordinator(user):
        return True
    return lab is not None and is_lab_member(user, lab)
