from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "labnet.funding"
    label = "funding"
    verbose_name = _("Financements")

    def ready(self):
        # funding_sources.csv, envelopes.csv and allocations.csv become importable.
        from .import_specs import register

        register()
