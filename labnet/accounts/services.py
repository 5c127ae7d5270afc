"""Writes to accounts and lab teams. Each is audited and checks who asks."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from labnet.accounts.audit import AccountsAction
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record

from .enums import LabRole
from .models import Membership, User
from .rules import can_manage_lab_team


def user_register(
    *, email: str, full_name: str, password: str, channel=AuditEntry.Channel.WEB
) -> User:
    """Create a local account (people outside the agents' identity federation)."""
    email = User.objects.normalize_email(email).lower()
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError({"email": _("Un compte existe déjà avec cette adresse.")})
        user = User.objects.create_user(email=email, full_name=full_name, password=password)
        audit_record(actor=user, action=AccountsAction.USER_REGISTER, target=user, channel=channel)
    return user


def membership_grant(
    *, actor, user: User, lab, role: str = LabRole.MEMBER, channel=AuditEntry.Channel.WEB
) -> Membership:
    """Add `user` to `lab`'s team, or change their role there."""
    if not can_manage_lab_team(actor, lab):
        raise PermissionDenied("Only the lab's lead or the network coordinator manage its team.")
    if role not in LabRole.values:
        raise ValidationError({"role": _("Rôle inconnu.")})
    with transaction.atomic():
        membership, created = Membership.objects.select_for_update().get_or_create(
            user=user, lab=lab, defaults={"role": role}
        )
        before = None if created else membership.role
        if not created and membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
        audit_record(
            actor=actor,
            action=AccountsAction.MEMBERSHIP_GRANT,
            target=membership,
            changes={"role": [before, role]},
            channel=channel,
        )
    return membership


def membership_revoke(*, actor, membership: Membership, channel=AuditEntry.Channel.WEB) -> None:
    if not can_manage_lab_team(actor, membership.lab):
        raise PermissionDenied("Only the lab's lead or the network coordinator manage its team.")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AccountsAction.MEMBERSHIP_REVOKE,
            target=membership,
            changes={"role": [membership.role, None]},
            channel=channel,
        )
        membership.delete()
