from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapsConfig(AppConfig):
    name = "labnet.roadmaps"
    label = "roadmaps"
    verbose_name = _("Feuilles de route")
    # roadmaps.json is declared in import_specs.IMPORT_FILES, found by the importer.
