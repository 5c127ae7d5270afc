from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "labnet.core"
    label = "core"
    verbose_name = _("Socle")

    def ready(self):
        # Registers the `folded` lookup and SQLite's fold function (docs/architecture.md).
        # Registers the `among` lookup: long id lists as one parameter (core.among).
        from . import (
            among,  # noqa: F401
            folding,  # noqa: F401
        )

        # Every admin module is imported by now (django.contrib.admin comes first in
        # INSTALLED_APPS and discovers them in its own ready()).
        from .admin import audit_every_model_admin

        audit_every_model_admin()

        # Rows saved outside services bump the public pages' cache too (core.topics).
        from .topic_signals import connect

        connect()
