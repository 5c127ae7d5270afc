from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "labnet.resources"
    label = "resources"
    verbose_name = _("Ressources partagées")

    def ready(self):
        from labnet.core.personal_data import PersonalDataSection, sections

        from .personal_data import proposals_erase, proposals_export

        sections.register(
            PersonalDataSection(
                key="resource_proposals", export=proposals_export, erase=proposals_erase
            )
        )
