from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "labnet.search"
    label = "search"
    verbose_name = _("Recherche")

    def ready(self):
        from labnet.projects.indexing import indexer_register

        from .services import project_index_update

        indexer_register(project_index_update)
