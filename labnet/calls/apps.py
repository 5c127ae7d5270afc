from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "labnet.calls"
    label = "calls"
    verbose_name = _("Appels")

    def ready(self):
        from labnet.core.personal_data import PersonalDataSection, sections

        from .personal_data import answers_erase, answers_export

        sections.register(
            PersonalDataSection(key="call_answers", export=answers_export, erase=answers_erase)
        )
