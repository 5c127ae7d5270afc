"""Who may propose events to a campaign, edit a proposal, and decide on it.

Pure functions of a user and an object, like `rules.py` (the events' own rules, which
decide who manages a published event and what is public).
"""

from django.utils.translation import gettext as _

from labnet.accounts.rules import is_coordinator, lab_roles
from labnet.core.refusals import require

from .enums import EventStatus

# The organiser may still edit the proposal while it waits for, or has come back from,
# the coordination; once decided (published or refused) it is no longer a proposal.
EDITABLE_PROPOSAL_STATUSES = (EventStatus.PROPOSED, EventStatus.CHANGES_REQUESTED)
# The coordination decides on what waits for it, and may still settle a proposal it sent
# back (refuse it outright, or validate it as it is).
REVIEWABLE_STATUSES = (EventStatus.PROPOSED, EventStatus.CHANGES_REQUESTED)


def can_propose_to(user, campaign) -> bool:
    """Any signed-in agent, from any administration, while the campaign takes proposals."""
    return bool(user and user.is_authenticated and campaign.accepts_proposals)


def can_organise_for_lab(user, lab) -> bool:
    """An event is shown as a lab's only if a member of its team (or the coordination)
    says so: nobody else may put a lab's name on their event."""
    return is_coordinator(user) or lab.pk in lab_roles(user)


def can_edit_proposal(user, event) -> bool:
    return bool(
        user
        and user.is_authenticated
        and event.created_by_id is not None
        and event.created_by_id == user.pk
        and event.status in EDITABLE_PROPOSAL_STATUSES
    )


def can_see_proposal(user, event) -> bool:
    """The proposer and the coordination follow a proposal; it is not public yet."""
    return bool(user and user.is_authenticated) and (
        is_coordinator(user) or (event.created_by_id is not None and event.created_by_id == user.pk)
    )


def can_review_proposals(user) -> bool:
    """Only the national coordination validates, sends back or refuses proposals."""
    return is_coordinator(user)


def can_manage_campaigns(user) -> bool:
    """Only the national coordination creates campaigns, opens them to proposals and
    publishes events of its own (inside or outside a campaign) without review."""
    return is_coordinator(user)


# The refusals (docs/adr/0030-polish-one-way-to-refuse.md): the services call them before
# they write, and the pages that only show a form call them before showing it.


def require_can_propose_to(user, campaign) -> None:
    require(
        can_propose_to(user, campaign),
        _("Cette campagne ne reçoit pas de propositions d'événements."),
    )


def require_can_edit_proposal(user, event) -> None:
    require(
        can_edit_proposal(user, event),
        _(
            "Cette proposition ne peut plus être modifiée : elle est %(status)s. Seule la "
            "personne qui l'a proposée la modifie, avant la décision."
        )
        % {"status": event.get_status_display()},
    )


def require_can_review_proposals(user) -> None:
    require(
        can_review_proposals(user),
        _("Seule la coordination nationale décide des propositions d'événements."),
    )


def require_can_manage_campaigns(user) -> None:
    require(
        can_manage_campaigns(user),
        _("Seule la coordination nationale crée et modifie les campagnes d'événements."),
    )


def require_can_publish_without_review(user) -> None:
    require(
        can_manage_campaigns(user),
        _("Seule la coordination nationale publie un événement sans relecture."),
    )
