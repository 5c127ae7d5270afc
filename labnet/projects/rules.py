"""Who may read and write what in a project. Services and selectors call these; templates
only mirror them.

Three circles around a project: the visitors (the published sheet), the project's lab
teams (lead lab and partner labs: the workspace, journal, documents, notes) and, inside
them, the lead lab's team (moves through the stages, publication). The coordinator is in
every circle.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from labnet.accounts.rules import is_coordinator, lab_roles
from labnet.core.refusals import require


def visible_projects_filter(user, prefix: str = "") -> Q:
    """The projects `user` may read: published ones, plus those of the labs they belong to.

    `prefix` applies it through a relation (`"project__"` filters rows by their project)."""
    return visible_projects_filters(user, prefix)[0]


def visible_projects_filters(user, *prefixes: str) -> list[Q]:
    """`visible_projects_filter` through each of `prefixes`, the memberships read once."""
    if is_coordinator(user):
        return [Q() for _ in prefixes]
    if not (user and user.is_authenticated):
        return [Q(**{f"{p}is_public": True}) for p in prefixes]
    lab_ids = sorted(lab_roles(user))
    if not lab_ids:
        return [Q(**{f"{p}is_public": True}) for p in prefixes]
    return [
        Q(**{f"{p}is_public": True})
        | Q(**{f"{p}lead_lab_id__in": lab_ids})
        | Q(**{f"{p}pk__in": _partnered_project_ids(lab_ids)})
        for p in prefixes
    ]


def _partnered_project_ids(lab_ids):
    # A subquery rather than a join: no duplicated rows, so lists need no DISTINCT over
    # wide text columns (which costs a sort of the whole table at national scale).
    from .models import Project

    return Project.partner_labs.through.objects.filter(lab_id__in=lab_ids).values("project_id")


def can_view_project(user, project) -> bool:
    from .models import Project

    return Project.objects.filter(visible_projects_filter(user), pk=project.pk).exists()


def user_lab_ids(user) -> set[int]:
    """Ids of the labs whose team `user` belongs to (cached: see accounts.rules.lab_roles)."""
    return set(lab_roles(user))


def project_team_lab_ids(project) -> set[int]:
    """The lead lab and the partner labs (uses prefetched partner labs when present)."""
    ids = {lab.pk for lab in project.partner_labs.all()}
    if project.lead_lab_id:
        ids.add(project.lead_lab_id)
    return ids


def can_see_project_internals(user, project) -> bool:
    """Workspace, journal, documents, next steps and internal notes: the project's lab
    teams (lead and partners) and the coordinator; nobody else, published or not."""
    if is_coordinator(user):
        return True
    return bool(user_lab_ids(user) & project_team_lab_ids(project))


def is_project_lead_team(user, project) -> bool:
    return bool(project.lead_lab_id) and project.lead_lab_id in user_lab_ids(user)


def can_move_project(user, project) -> bool:
    """Stage gates are the lead lab's decisions (or the coordinator's)."""
    return is_coordinator(user) or is_project_lead_team(user, project)


def can_reopen_project(user, project) -> bool:
    """An abandoned or closed project comes back only by the coordinator's decision."""
    return is_coordinator(user)


def can_publish_project(user, project) -> bool:
    """The public sheet is the lead lab's to write and publish (or the coordinator's)."""
    return is_coordinator(user) or is_project_lead_team(user, project)


def can_edit_project_team(user, project) -> bool:
    """Partner labs, partner organisations and people: the lead lab or the coordinator."""
    return is_coordinator(user) or is_project_lead_team(user, project)


def can_log_activity(user, project) -> bool:
    """Lead and partner labs both run workshops: both keep the journal."""
    return can_see_project_internals(user, project)


def can_take_up_with_lab(user, project, lab) -> bool:
    """Taking up a project: a member of the taking-up lab (or the coordinator), for a lab
    other than the one that leads the project."""
    if lab.pk == project.lead_lab_id:
        return False
    return is_coordinator(user) or lab.pk in user_lab_ids(user)


def can_take_up_project(user, project) -> bool:
    """Whether to offer the take-up form at all: a lab other than the lead one to choose."""
    if is_coordinator(user):
        return True
    return bool(user_lab_ids(user) - {project.lead_lab_id})


def can_delete_note(user, note) -> bool:
    """Its author, while they still see the project's internals, or the coordinator."""
    return is_coordinator(user) or (
        user.is_authenticated
        and note.author_id == user.pk
        and can_see_project_internals(user, note.project)
    )


# --- refusals: the rule and the sentence that explains it, in one place (core.refusals) ---


def require_project_internals(user, project) -> None:
    require(
        can_see_project_internals(user, project),
        _(
            "L'espace de travail d'un projet est réservé aux équipes de ses laboratoires et à "
            "la coordination nationale."
        ),
    )


def require_can_move_project(user, project) -> None:
    require(
        can_move_project(user, project),
        _(
            "Seule l'équipe du laboratoire pilote ou la coordination nationale peut faire "
            "avancer ce projet."
        ),
    )


def require_can_publish_project(user, project) -> None:
    require(
        can_publish_project(user, project),
        _(
            "Seule l'équipe du laboratoire pilote ou la coordination nationale rédige et publie "
            "la fiche du projet."
        ),
    )


def require_can_edit_project_team(user, project) -> None:
    require(
        can_edit_project_team(user, project),
        _(
            "Seule l'équipe du laboratoire pilote ou la coordination nationale modifie les "
            "partenaires et les personnes du projet."
        ),
    )


def require_can_keep_journal(user, project) -> None:
    require(
        can_log_activity(user, project),
        _(
            "Seules les équipes des laboratoires du projet et la coordination nationale tiennent "
            "son journal."
        ),
    )


def require_can_manage_documents(user, project) -> None:
    require(
        can_see_project_internals(user, project),
        _(
            "Seules les équipes des laboratoires du projet et la coordination nationale gèrent "
            "ses documents."
        ),
    )


def require_can_manage_next_steps(user, project) -> None:
    require(
        can_see_project_internals(user, project),
        _(
            "Seules les équipes des laboratoires du projet et la coordination nationale gèrent "
            "ses prochaines étapes."
        ),
    )
