"""Who may do what with people's profiles, skills and messages."""

from labnet.accounts.rules import is_coordinator, is_lab_member


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
