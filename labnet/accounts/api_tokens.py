"""API tokens: created (the secret shown once), listed, revoked, and checked on each call.

A key reads `lnt_<8 hex>_<43 url-safe characters>`: the first 12 characters are the public
prefix that names the token in lists; the database keeps only the SHA-256 of the whole key
(docs/adr/0020-hardening-api-tokens.md). The secret holds 256 random bits, so a
plain hash (no salt, no slow function) is enough: there is nothing to guess from it.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.core.models import AuditEntry
from labnet.core.services import audit_forget, audit_record

from .audit import AccountsAction
from .mfa import mfa_required
from .models import ApiToken, User
from .rules import can_revoke_api_token

KEY_PREFIX = "lnt_"
# A person keeps at most this many tokens in use at once (revoked and expired ones aside).
MAX_ACTIVE_TOKENS = 20
# How often at most `last_used_at` is written for one token (not on every call).
LAST_USED_PRECISION = timedelta(minutes=5)


def default_days() -> int:
    return settings.LABNET_API_TOKEN_DAYS


def max_days() -> int:
    return settings.LABNET_API_TOKEN_MAX_DAYS


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just created and its key, which exists nowhere else from now on."""

    token: ApiToken
    key: str


def api_tokens_of(user) -> list[ApiToken]:
    """The owner's tokens, newest first (one query)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id"))


def second_factor_needed_for_tokens(user) -> bool:
    """Whether `user` may create a token only from a session verified by the second factor:
    whoever enrolled one, or must have one (docs/adr/0044-input-tokens-and-second-factor.md)."""
    return bool(user.mfa_enabled) or mfa_required(user)


def api_token_create(
    *,
    actor,
    name: str,
    days: int | None = None,
    second_factor_verified: bool = False,
    channel=AuditEntry.Channel.WEB,
) -> NewToken:
    """A new token for `actor` itself, valid `days` days (the setting's default if None).

    A token is a password that skips the second factor, so someone who has one (or must)
    gets a token only when `second_factor_verified`: the caller says the code was entered in
    this session (the site's page, a verified session's API call); a password alone
    (`POST /api/v1/auth/token/`) or another token is not enough."""
    if not (actor and actor.is_authenticated and actor.is_active):
        raise PermissionDenied(_("Connectez-vous pour créer un jeton."))
    if not second_factor_verified and second_factor_needed_for_tokens(actor):
        raise PermissionDenied(
            _(
                "Votre compte est protégé par la double authentification : créez ce jeton "
                "sur le site, page « Mes jetons d'API », après avoir saisi votre code."
            )
        )
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Donnez un nom au jeton.")})
    days = default_days() if days is None else days
    if not 1 <= days <= max_days():
        raise ValidationError(
            {
                "days": _("La durée doit être comprise entre 1 et %(max)d jours.")
                % {"max": max_days()}
            }
        )
    now = timezone.now()
    with transaction.atomic():
        # The owner's row serialises concurrent creations, so the ceiling holds.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        active = ApiToken.objects.filter(
            user=actor, revoked_at__isnull=True, expires_at__gt=now
        ).count()
        if active >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                _(
                    "Vous avez déjà %(count)d jetons en service : révoquez-en un avant d'en "
                    "créer un autre."
                )
                % {"count": active}
            )
        key, prefix = _new_key()
        token = ApiToken.objects.create(
            user=actor,
            name=name,
            prefix=prefix,
            key_hash=key_hash(key),
            expires_at=now + timedelta(days=days),
        )
        # The entry names the token by its prefix, never the key: the trail is readable.
        audit_record(
            actor=actor,
            action=AccountsAction.API_TOKEN_CREATE,
            target=token,
            changes={"name": name, "prefix": prefix, "expires_at": token.expires_at.isoformat()},
            channel=channel,
        )
    return NewToken(token=token, key=key)


def api_token_revoke(*, actor, token: ApiToken, channel=AuditEntry.Channel.WEB) -> ApiToken:
    """The owner (or an administrator, through the admin) ends one token now."""
    if not can_revoke_api_token(actor, token):
        raise PermissionDenied(_("Seul le titulaire d'un jeton peut le révoquer."))
    because = (
        ApiToken.RevokedBecause.OWNER
        if token.user_id == actor.pk
        else ApiToken.RevokedBecause.ADMIN
    )
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.revoked_because = because
        token.save(update_fields=["revoked_at", "revoked_because"])
        audit_record(
            actor=actor,
            action=AccountsAction.API_TOKEN_REVOKE,
            target=token,
            changes={"prefix": token.prefix, "because": because},
            channel=channel,
        )
    return token


def api_tokens_revoke_all(*, user, because: str) -> int:
    """End every token of `user` still in use (password changed or reset). Returns how many."""
    with transaction.atomic():
        count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_because=because
        )
        if count:
            audit_record(
                actor=None,
                action=AccountsAction.API_TOKENS_REVOKE_ALL,
                target=user,
                changes={"count": count, "because": because},
                channel=AuditEntry.Channel.COMMAND,
            )
    return count


def api_token_authenticate(key: str) -> ApiToken:
    """The token `key` names, if it may be used now; ValidationError with the reason if not."""
    token = (
        ApiToken.objects.select_related("user").filter(key_hash=key_hash(key)).first()
        if key.startswith(KEY_PREFIX)
        else None
    )
    if token is None or not token.user.is_active:
        raise ValidationError(_("Jeton non valide."), code="invalid")
    now = timezone.now()
    if token.revoked_at is not None:
        raise ValidationError(_("Ce jeton a été révoqué."), code="revoked")
    if token.expires_at <= now:
        raise ValidationError(_("Ce jeton a expiré : créez-en un nouveau."), code="expired")
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def _new_key() -> tuple[str, str]:
    prefix = KEY_PREFIX + secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():  # 1 in 4 billion
        prefix = KEY_PREFIX + secrets.token_hex(4)
    return f"{prefix}_{secrets.token_urlsafe(32)}", prefix


# --- what the owner's account says about them, and its erasure -----------------------------


def api_tokens_export(user) -> list[dict]:
    return [
        {
            "name": token.name,
            "prefix": token.prefix,
            "created_at": token.created_at.isoformat(),
            "expires_at": token.expires_at.isoformat(),
            "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
            "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
        }
        for token in api_tokens_of(user)
    ]


def api_tokens_erase(user) -> None:
    """Erasure: the tokens go altogether (their names are the person's words)."""
    pks = list(ApiToken.objects.filter(user=user).values_list("pk", flat=True))
    ApiToken.objects.filter(pk__in=pks).delete()
    audit_forget(ApiToken, pks)


def revoke_on_password_change(sender, instance, created, **kwargs):
    """post_save of User: `set_password()` leaves the raw password on the instance until
    the save ends, whatever changed it (the site's reset, the admin, `changepassword`)."""
    if created or getattr(instance, "_password", None) is None:
        return
    api_tokens_revoke_all(user=instance, because=ApiToken.RevokedBecause.PASSWORD)
