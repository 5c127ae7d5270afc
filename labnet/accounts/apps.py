from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "labnet.accounts"
    label = "accounts"
    verbose_name = _("Comptes")

    def ready(self):
        from . import signals  # noqa: F401  (authentication events on the audit trail)
