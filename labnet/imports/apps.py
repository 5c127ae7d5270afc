from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "labnet.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self):
        # Every installed app's import_specs.IMPORT_FILES becomes importable.
        from .registry import autodiscover, registry

        autodiscover(registry)
