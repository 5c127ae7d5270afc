from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "labnet.events"
    label = "events"
    verbose_name = _("Événements et campagnes")

    def ready(self):
        # The events a person proposed to campaigns are in their personal data download.
        from labnet.core.personal_data import PersonalDataSection, sections

        from .campaign_selectors import proposals_export

        sections.register(PersonalDataSection(key="event_proposals", export=proposals_export))

        # Registrations are personal data: exported, erased and purged with the account.
        from .personal_data import registrations_erase, registrations_export, registrations_purge

        sections.register(
            PersonalDataSection(
                key="event_registrations",
                export=registrations_export,
                erase=registrations_erase,
                purge=registrations_purge,
            )
        )
