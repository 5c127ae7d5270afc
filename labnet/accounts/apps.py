from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "labnet.accounts"
    label = "accounts"
    verbose_name = _("Comptes")

    def ready(self):
        from labnet.core.personal_data import PersonalDataSection, sections

        from . import signals  # noqa: F401  (authentication events on the audit trail)
        from .api_tokens import api_tokens_erase, api_tokens_export, revoke_on_password_change
        from .models import User

        # Any password change or reset ends the API tokens (docs/adr/0020-hardening-api-tokens.md).
        post_save.connect(
            revoke_on_password_change, sender=User, dispatch_uid="api_tokens_password"
        )
        sections.register(
            PersonalDataSection(key="api_tokens", export=api_tokens_export, erase=api_tokens_erase)
        )
