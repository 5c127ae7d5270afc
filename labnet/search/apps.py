from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "labnet.search"
    label = "search"
    verbose_name = _("Recherche")

    def ready(self):
        from django.db.models.signals import pre_delete

        from labnet.projects.indexing import indexer_register

        from .models import ProjectSearchDocument
        from .services import project_index_update
        from .signals import document_deleted

        indexer_register(project_index_update)
        pre_delete.connect(document_deleted, sender=ProjectSearchDocument)
