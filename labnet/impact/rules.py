"""Who may read and record a project's impact. Services and selectors call these;
templates only mirror them.

The team of a project (its lead and partner labs, and the coordinator: see
`projects.rules.can_see_project_internals`) records indicators and measured values and
reads them all; everyone who may read the project's sheet reads its public indicators.
"""

from labnet.projects.rules import can_see_project_internals


def can_record_impact(user, project) -> bool:
    return bool(user and user.is_authenticated) and can_see_project_internals(user, project)


def can_see_all_indicators(user, project) -> bool:
    return can_record_impact(user, project)
