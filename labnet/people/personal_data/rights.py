"""The person's rights: their download, the erasure of their account, and the retention
rule that removes what is kept only for a while."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.accounts.models import ANONYMOUS_NAME
from labnet.core.models import AuditEntry
from labnet.core.personal_data import sections
from labnet.core.refusals import require
from labnet.core.services import audit_record
from labnet.people.audit import PeopleAction
from labnet.people.rules import is_the_person

EXPORT_FORMAT = "labnet-personal-data/1"
DEFAULT_RETENTION_DAYS = 30


def retention_days() -> int:
    return int(getattr(settings, "LABNET_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def personal_data_export(*, actor, user, channel=AuditEntry.Channel.WEB) -> dict:
    """Everything LabNet holds about `user`, one key per registered section (audited)."""
    require(is_the_person(actor, user), _("Seule la personne concernée télécharge ses données."))
    data = {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "sections": {section.key: section.export(user) for section in sections},
    }
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=PeopleAction.PERSONAL_DATA_EXPORT,
            target=user,
            changes={"sections": sections.keys},
            channel=channel,
        )
    return data


def account_erase(*, actor, user, confirmation: str, channel=AuditEntry.Channel.WEB) -> None:
    """Erase `user`'s account: every section erases its part, then the row is anonymised.

    `confirmation` is the account's e-mail address or password, typed again.
    """
    require(is_the_person(actor, user), _("Seule la personne concernée efface son compte."))
    if user.erased_at is not None:
        raise ValidationError(_("Ce compte est déjà effacé."))
    typed = (confirmation or "").strip()
    if not typed or not (typed.lower() == user.email.lower() or user.check_password(typed)):
        raise ValidationError(
            {
                "confirmation": _(
                    "Saisissez votre adresse électronique ou votre mot de passe pour confirmer."
                )
            }
        )
    with transaction.atomic():
        for section in sections:
            if section.erase is not None:
                section.erase(user)
        _anonymise(user)
        # The entry itself names nobody: the row is anonymised before it is written.
        audit_record(
            actor=None,
            action=PeopleAction.ACCOUNT_ERASE,
            target=user,
            changes={"sections": sections.keys},
            channel=channel,
        )


def _anonymise(user) -> None:
    user.full_name = ANONYMOUS_NAME
    user.email = f"erased-{user.pk}@invalid"
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = user.is_superuser = user.is_coordinator = False
    user.erased_at = timezone.now()
    user.proconnect_sub = user.siret = ""
    user.organisation = None
    user.mfa_enabled = False
    user.save()
    # Its second factor (authenticator and recovery codes) goes with the account.
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    # The API tokens went with their section (accounts.api_tokens.api_tokens_erase).


def personal_data_purge(*, now=None) -> dict[str, int]:
    """The retention rule: each section removes what it keeps only for a while (e.g.
    visitors' data never confirmed) older than LABNET_RETENTION_DAYS. {section: rows}."""
    now = now or timezone.now()
    counts = {}
    with transaction.atomic():
        for section in sections:
            if section.purge is not None:
                counts[section.key] = section.purge(now)
        audit_record(
            actor=None,
            action=PeopleAction.PERSONAL_DATA_PURGE,
            changes={"counts": counts, "retention_days": retention_days()},
            channel=AuditEntry.Channel.COMMAND,
        )
    return counts


def retention_cutoff(now):
    return now - timedelta(days=retention_days())
