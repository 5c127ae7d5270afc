"""Writes to accounts and lab teams. Each is audited and checks who asks."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from labnet.accounts.audit import AccountsAction
from labnet.core.mail import email_enqueue
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record

from .enums import LabRole
from .models import Membership, User
from .rules import can_manage_lab_team


def _account_link(name: str, user: User, token: str) -> str:
    path = reverse(
        name, kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token}
    )
    return f"{settings.LABNET_BASE_URL}{path}"


def _activation_email(user: User) -> None:
    context = {
        "user": user,
        "activate_url": _account_link(
            "accounts:activate", user, default_token_generator.make_token(user)
        ),
    }
    email_enqueue(
        subject=_("Confirmez votre adresse pour activer votre compte LabNet"),
        body=render_to_string("accounts/emails/register_activate.txt", context),
        to=[user.email],
    )


def user_register(
    *, email: str, full_name: str, password: str, channel=AuditEntry.Channel.WEB
) -> User | None:
    """Create a local account (people outside the agents' identity federation), inactive
    until its address is confirmed by the link e-mailed to it.

    Whether the address already has an account is never told to the caller: the owner
    is e-mailed instead (someone tried; here is how to reset your password), and the
    function returns None where it would return the new, inactive account."""
    email = User.objects.normalize_email(email).lower()
    with transaction.atomic():
        existing = User.objects.select_for_update().filter(email__iexact=email).first()
        if existing is not None:
            audit_record(
                actor=None,
                action=AccountsAction.USER_REGISTER_EXISTING,
                target=existing,
                channel=channel,
            )
            if existing.is_erased:
                return None
            if not existing.is_active and existing.last_login is None:
                # Signed up before but never confirmed: this sign-up replaces that one
                # (so nobody who typed someone else's address first keeps a password on
                # it) and the activation link goes out again.
                existing.full_name = full_name
                existing.set_password(password)
                existing.save(update_fields=["full_name", "password"])
                _activation_email(existing)
                return None
            context = {
                "user": existing,
                "reset_url": f"{settings.LABNET_BASE_URL}{reverse('accounts:password_reset')}",
            }
            email_enqueue(
                subject=_("Tentative de création de compte avec votre adresse"),
                body=render_to_string("accounts/emails/register_existing.txt", context),
                to=[existing.email],
            )
            return None
        user = User.objects.create_user(
            email=email, full_name=full_name, password=password, is_active=False
        )
        audit_record(actor=user, action=AccountsAction.USER_REGISTER, target=user, channel=channel)
        _activation_email(user)
    return user


def user_activate(*, uidb64: str, token: str, channel=AuditEntry.Channel.WEB) -> User:
    """Activate the account the e-mailed link names; the link works once."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        pk = None
    with transaction.atomic():
        user = (
            User.objects.select_for_update().filter(pk=pk, erased_at__isnull=True).first()
            if pk
            else None
        )
        if user is None or user.is_active or not default_token_generator.check_token(user, token):
            raise ValidationError(
                _("Ce lien d'activation n'est plus valide : il a déjà servi ou a expiré.")
            )
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(actor=user, action=AccountsAction.USER_ACTIVATE, target=user, channel=channel)
    return user


def password_reset_requested(*, users, channel=AuditEntry.Channel.WEB) -> None:
    """Record that a reset link was sent to each of `users` (nobody is named otherwise)."""
    with transaction.atomic():
        for user in users:
            audit_record(
                actor=None,
                action=AccountsAction.PASSWORD_RESET_REQUEST,
                target=user,
                channel=channel,
            )


def user_password_set(
    *, user: User, password: str, reason: str, request=None, channel=AuditEntry.Channel.WEB
) -> User:
    """Set `user`'s password, by a change (`reason="change"`: the current session in
    `request` stays signed in) or a reset link (`"reset"`). Every other session of the
    account ends: each session carries a hash of the password it signed in with, which
    Django checks on every request (django.contrib.auth.get_user), so a session opened
    with the old password is signed out at its next request. No session table scan."""
    from django.contrib.auth import update_session_auth_hash

    if reason not in {"change", "reset"}:
        raise ValueError(reason)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        if reason == "change" and request is not None:
            update_session_auth_hash(request, user)
        audit_record(
            actor=user,
            action=AccountsAction(f"accounts.password_{reason}"),
            target=user,
            channel=channel,
        )
    return user


def _organisation_for_siret(siret: str):
    """The network's organisation of this establishment (SIRET), else of its company (SIREN)
    when only one organisation has it; None when it is to be confirmed."""
    from labnet.organisations.models import Organisation

    if len(siret) != 14 or not siret.isdigit():
        return None
    exact = Organisation.objects.filter(siret=siret).order_by("pk").first()
    if exact is not None:
        return exact
    same_siren = list(Organisation.objects.filter(siret__startswith=siret[:9]).order_by("pk")[:2])
    return same_siren[0] if len(same_siren) == 1 else None


def user_from_proconnect(*, claims: dict) -> User | None:
    """The account ProConnect's verified `claims` sign in: the one linked to their `sub`,
    else the one with their e-mail address (case-insensitive, then linked), else a new
    one. Its SIRET and organisation follow what ProConnect says at each sign-in. None
    (no sign-in) when the address belongs to an account linked to another identity."""
    sub = str(claims["sub"])[:255]
    email = User.objects.normalize_email(str(claims["email"])).lower()
    siret = "".join(ch for ch in str(claims.get("siret") or "") if ch.isdigit())[:14]
    full_name = " ".join(
        part.strip()
        for part in (str(claims.get("given_name") or ""), str(claims.get("usual_name") or ""))
        if part.strip()
    )[:200]
    with transaction.atomic():
        user = User.objects.select_for_update().filter(proconnect_sub=sub).first()
        how = "sub"
        if user is None:
            user = (
                User.objects.select_for_update()
                .filter(email__iexact=email, erased_at__isnull=True)
                .first()
            )
            how = "email"
            if user is not None and user.proconnect_sub:
                # Another ProConnect identity owns this account: never take it over.
                audit_record(
                    actor=None,
                    action=AccountsAction.USER_PROCONNECT_REFUSE,
                    target=user,
                    changes={"reason": "linked_to_another_identity"},
                )
                return None
        if user is None:
            user = User.objects.create_user(
                email=email, full_name=full_name or email, password=None, proconnect_sub=sub
            )
            how = "created"
        changes = {}
        if user.proconnect_sub != sub:
            changes["proconnect_sub"] = ["", "set"]
            user.proconnect_sub = sub
        if siret and siret != user.siret:
            changes["siret"] = [user.siret, siret]
            user.siret = siret
            organisation = _organisation_for_siret(siret)
            if organisation != user.organisation:
                changes["organisation"] = [
                    user.organisation_id and str(user.organisation_id),
                    organisation and str(organisation.pk),
                ]
                user.organisation = organisation
        if not user.full_name and full_name:
            user.full_name = full_name
            changes["full_name"] = ["", full_name]
        if changes or how == "created":
            user.save()
        if how != "sub" or changes:
            audit_record(
                actor=user,
                action=AccountsAction.USER_PROCONNECT_CREATE
                if how == "created"
                else "accounts.user_proconnect_link",
                target=user,
                changes={"matched_on": how, **changes},
            )
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
