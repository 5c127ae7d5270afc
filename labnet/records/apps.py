from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "labnet.records"
    label = "records"
    verbose_name = _("Parcours d'innovation des agents")

    def ready(self):
        from labnet.core.personal_data import PersonalDataSection, sections

        from .personal_data import record_erase, record_export

        sections.register(
            PersonalDataSection(key="innovation_record", export=record_export, erase=record_erase)
        )
