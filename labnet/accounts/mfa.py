"""Second factor: TOTP (django-otp) with single-use recovery codes (its static device).

Required for administrators and the network coordination, and for lab leads when
LABNET_MFA_REQUIRED_FOR_LEADS is on; offered to everyone else on the account page.
Once enrolled, a person is asked for a code after every sign-in (MfaMiddleware).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from labnet.accounts.audit import AccountsAction
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record

from .enums import LabRole
from .models import User

RECOVERY_CODES = 10
DEVICE_NAME = "LabNet"


def mfa_required(user) -> bool:
    """Whether `user` must have a second factor to use the platform."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser or user.is_coordinator:
        return getattr(settings, "LABNET_MFA_REQUIRED_FOR_STAFF", True)
    if getattr(settings, "LABNET_MFA_REQUIRED_FOR_LEADS", False):
        return user.memberships.filter(role=LabRole.LEAD).exists()
    return False


def _code_error(message=None):
    return ValidationError(
        {"code": message or _("Ce code n'est pas valide ou a expiré : saisissez le code affiché.")}
    )


def _clean(token: str) -> str:
    return "".join(str(token or "").split()).lower()


def totp_enrolment_device(*, user: User, key: str) -> TOTPDevice:
    """The authenticator being set up with secret `key` (hex), not saved: the enrolment
    page shows its QR code; nothing is written until a first code confirms it."""
    return TOTPDevice(user=user, name=DEVICE_NAME, key=key, confirmed=False)


def totp_new_key() -> str:
    return random_hex(20)


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def totp_enrolment_confirm(
    *, user: User, key: str, token: str, channel=AuditEntry.Channel.WEB
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator of secret `key` with a first code; returns it and the
    recovery codes, which are shown once."""
    with transaction.atomic():
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key, confirmed=False)
        confirmed = device.verify_token(_clean(token))
        if not confirmed:
            # Kept on the record, nothing else: the trial device goes.
            device.delete()
            audit_record(
                actor=user, action=AccountsAction.MFA_ENROL_FAIL, target=user, channel=channel
            )
    if not confirmed:
        raise _code_error()
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user)
        User.objects.filter(pk=user.pk).update(mfa_enabled=True)
        user.mfa_enabled = True
        audit_record(actor=user, action=AccountsAction.MFA_ENROL, target=user, channel=channel)
    return device, codes


def recovery_codes_regenerate(*, user: User, channel=AuditEntry.Channel.WEB) -> list[str]:
    if not user.mfa_enabled:
        raise ValidationError(_("Activez d'abord la double authentification."))
    with transaction.atomic():
        codes = _recovery_codes_replace(user)
        audit_record(
            actor=user,
            action=AccountsAction.RECOVERY_CODES_REGENERATE,
            target=user,
            channel=channel,
        )
    return codes


def mfa_verify(*, user: User, token: str, channel=AuditEntry.Channel.WEB):
    """The device that accepts `token` (authenticator code, else a recovery code, which
    is then used up), or None. Both outcomes go to the audit trail."""
    token = _clean(token)
    with transaction.atomic():
        matched = None
        if token:
            for model in (TOTPDevice, StaticDevice):
                for device in model.objects.select_for_update().filter(user=user, confirmed=True):
                    if device.verify_token(token):
                        matched = device
                        break
                if matched is not None:
                    break
        if matched is None:
            audit_record(actor=user, action=AccountsAction.MFA_FAIL, target=user, channel=channel)
        else:
            audit_record(
                actor=user,
                action=AccountsAction.MFA_VERIFY,
                target=user,
                changes={
                    "method": "recovery_code" if isinstance(matched, StaticDevice) else "totp"
                },
                channel=channel,
            )
    return matched


def mfa_disable(*, user: User, token: str, channel=AuditEntry.Channel.WEB) -> None:
    """Remove the second factor, on a valid code; refused where it is required."""
    if mfa_required(user):
        raise ValidationError(
            _("La double authentification est obligatoire pour votre rôle : elle reste active.")
        )
    if mfa_verify(user=user, token=token, channel=channel) is None:
        raise _code_error()
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        User.objects.filter(pk=user.pk).update(mfa_enabled=False)
        user.mfa_enabled = False
        audit_record(actor=user, action=AccountsAction.MFA_DISABLE, target=user, channel=channel)


def qr_svg(device: TOTPDevice) -> str:
    """The authenticator's provisioning address as an inline SVG QR code."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    if svg.startswith("<?xml"):
        svg = svg[svg.index("?>") + 2 :]
    return svg.strip()
