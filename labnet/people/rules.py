"""Who may do what with people's profiles, skills and messages."""

from django.utils.translation import gettext as _

from labnet.accounts.rules import is_coordinator, is_lab_member
from labnet.core.refusals import require


def is_the_person(actor, user) -> bool:
    """Only the person themselves changes their profile, downloads or erases their data."""
    return bool(actor and actor.is_authenticated and actor.pk == user.pk)


def can_manage_skills(user) -> bool:
    """The network's coordinator keeps the taxonomy of skills."""
    return is_coordinator(user)


def can_see_lab_pool(user, lab) -> bool:
    """A lab's pool of contributors is the business of its team and of the coordinator."""
    return is_coordinator(user) or is_lab_member(user, lab)


def can_see_suggestions(user, lab) -> bool:
    """Suggested people are shown to the team of the project's or request's lab."""
    return lab is not None and (is_coordinator(user) or is_lab_member(user, lab))


def can_contact(user, profile) -> bool:
    """Any signed-in person may write to someone findable who accepts messages."""
    return bool(
        user
        and user.is_authenticated
        and user.pk != profile.user_id
        and profile.is_findable
        and profile.contact_allowed
        and profile.user.is_active
        and profile.user.erased_at is None
    )


def is_in_conversation(user, thread) -> bool:
    return bool(
        user and user.is_authenticated and user.pk in (thread.sender_id, thread.recipient_id)
    )


# The refusals (docs/adr/0030-polish-one-way-to-refuse.md): the services call them before
# they write, and the pages that only show a form call them before showing it.


def require_can_contact(user, profile) -> None:
    require(
        can_contact(user, profile),
        _("Vous ne pouvez pas vous écrire à vous-même.")
        if user is not None and user.is_authenticated and profile.user_id == user.pk
        else _("Cette personne ne souhaite pas recevoir de messages."),
    )


def require_can_see_lab_pool(user, lab) -> None:
    require(
        can_see_lab_pool(user, lab),
        _("Le vivier de contributeurs est réservé à l'équipe du laboratoire."),
    )
