"""Who may do what. Services and selectors call these; templates only mirror them."""

from django.utils.translation import gettext as _

from labnet.core.refusals import require

from .enums import LabRole


def is_coordinator(user) -> bool:
    """The national team (and platform administrators) see and manage every lab."""
    return bool(user and user.is_authenticated and (user.is_coordinator or user.is_superuser))


def lab_roles(user) -> dict[int, str]:
    """{lab id: role} for every lab team `user` belongs to.

    Read once per user object and kept on it, so checking several rules on one page
    costs one query in all.
    """
    if not (user and user.is_authenticated):
        return {}
    cache = getattr(user, "_lab_roles", None)
    if cache is None:
        rows = list(user.memberships.values_list("lab_id", "role", "lab__key"))
        cache = {lab_id: role for lab_id, role, _key in rows}
        user._lab_roles = cache
        user._lab_keys = {lab_id: key for lab_id, _role, key in rows}
    return cache


def led_lab_keys(user) -> set[str]:
    """The keys of the labs whose team `user` leads (read with `lab_roles`)."""
    roles = lab_roles(user)
    keys = getattr(user, "_lab_keys", {})
    return {keys.get(lab_id) for lab_id, role in roles.items() if role == LabRole.LEAD} - {None}


def lab_role(user, lab) -> str | None:
    """The user's role in `lab`, or None."""
    return lab_roles(user).get(lab.pk)


def is_lab_member(user, lab) -> bool:
    """Member or lead of the lab's team."""
    return lab_role(user, lab) is not None


def is_lab_lead(user, lab) -> bool:
    return lab_role(user, lab) == LabRole.LEAD


def led_lab_ids(user) -> list[int]:
    """The ids of the labs whose team `user` leads, in order."""
    return sorted(lab_id for lab_id, role in lab_roles(user).items() if role == LabRole.LEAD)


def can_manage_lab_team(user, lab) -> bool:
    return is_coordinator(user) or is_lab_lead(user, lab)


def can_revoke_api_token(user, token) -> bool:
    """A token's owner, or a platform administrator (the Django admin)."""
    return bool(user and user.is_authenticated and (token.user_id == user.pk or user.is_superuser))


def audit_log_scope(user) -> set[int] | None:
    """Whose audit entries `user` reads: None for the whole trail (the coordination and
    platform administrators), the ids of the labs they lead otherwise (empty: none)."""
    if is_coordinator(user):
        return None
    return set(led_lab_ids(user))


def require_audit_log_scope(user) -> set[int] | None:
    """`audit_log_scope`, refusing (docs/adr/0030) whoever reads no entry at all."""
    scope = audit_log_scope(user)
    require(
        scope is None or bool(scope),
        _(
            "Le journal d'audit est réservé à la coordination nationale et aux "
            "responsables de laboratoire (pour leur laboratoire)."
        ),
    )
    return scope
