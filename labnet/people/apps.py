from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "labnet.people"
    label = "people"
    verbose_name = _("Personnes et compétences")

    def ready(self):
        from . import listing
        from .personal_data.sections import register_sections

        # The directory's `listed` and `name_key` follow the account (docs/adr/0056).
        listing.connect()
        # The download, the erasure and the retention rule walk these sections; the
        # apps older than the registry (accounts, labs, projects, intake) declare theirs here.
        register_sections()
