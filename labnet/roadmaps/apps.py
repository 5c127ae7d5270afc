from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapsConfig(AppConfig):
    name = "labnet.roadmaps"
    label = "roadmaps"
    verbose_name = _("Feuilles de route")

    def ready(self):
        # roadmaps.json of the network dataset becomes importable.
        from .import_specs import register

        register()
