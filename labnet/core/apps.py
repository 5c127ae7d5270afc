from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "labnet.core"
    label = "core"
    verbose_name = _("Socle")

    def ready(self):
        # Registers the `folded` lookup and SQLite's fold function (docs/architecture.md).
        from . import folding  # noqa: F401
