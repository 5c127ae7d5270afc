from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "labnet.trainings"
    label = "trainings"
    verbose_name = _("Formations")

    def ready(self):
        from labnet.core.personal_data import PersonalDataSection, sections

        from .personal_data import enrolments_erase, enrolments_export

        sections.register(
            PersonalDataSection(
                key="training_enrolments", export=enrolments_export, erase=enrolments_erase
            )
        )
