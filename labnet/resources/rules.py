"""Who may do what with the shared library. Services and selectors call these; templates
only mirror them.

"Any member may propose" is read as any member of the network: a person on a lab's team
(member or lead of any lab) or the national coordination. An agent with no lab proposes
through a lab (the single window); the library stays a peer-reviewed commons of the labs.
Publishing and refusing are the coordination's decisions.
"""

from django.utils.translation import gettext as _

from labnet.accounts.rules import is_coordinator, lab_roles
from labnet.core.refusals import require
from labnet.projects.rules import project_team_lab_ids

from .enums import ResourceStatus


def can_propose_resource(user) -> bool:
    return is_coordinator(user) or bool(lab_roles(user))


def can_credit_lab(user, lab) -> bool:
    """A proposal names as its author a lab the proposer belongs to (any, for the coordinator)."""
    return is_coordinator(user) or lab.pk in lab_roles(user)


def is_proposer(user, resource) -> bool:
    return bool(user and user.is_authenticated and resource.proposed_by_id == user.pk)


def can_edit_proposal(user, resource) -> bool:
    """The proposer changes their proposal until it is decided; the coordinator too."""
    if resource.status != ResourceStatus.PROPOSED:
        return False
    return is_proposer(user, resource) or is_coordinator(user)


def can_review_resources(user) -> bool:
    return is_coordinator(user)


def can_view_resource(user, resource) -> bool:
    """Published resources are public; a proposal is for its proposer and the coordinator."""
    if resource.status == ResourceStatus.PUBLISHED:
        return True
    return is_proposer(user, resource) or is_coordinator(user)


def can_link_resource_to_project(user, project) -> bool:
    """A project's lab teams (lead and partners) say which resources it used."""
    if is_coordinator(user):
        return True
    return bool(set(lab_roles(user)) & project_team_lab_ids(project))


# The refusals (docs/adr/0030-polish-one-way-to-refuse.md): the services call them before
# they write, and the pages that only show a form or a queue call them before showing it.


def require_can_propose_resource(user) -> None:
    require(
        can_propose_resource(user),
        _(
            "Proposer une ressource est réservé aux membres des équipes des laboratoires "
            "du réseau et à la coordination nationale. Pour partager une idée, passez par "
            "le guichet unique."
        ),
    )


def require_can_edit_proposal(user, resource) -> None:
    require(
        can_edit_proposal(user, resource),
        _("Seule la personne qui l'a proposée modifie une ressource, tant qu'elle est à relire."),
    )


def require_can_read_review_queue(user) -> None:
    require(
        can_review_resources(user),
        _("La relecture des ressources est réservée à la coordination nationale."),
    )


def require_can_review_resources(user) -> None:
    require(can_review_resources(user), _("Seule la coordination nationale publie les ressources."))
