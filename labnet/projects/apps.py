from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "labnet.projects"
    label = "projects"
    verbose_name = _("Projets")

    def ready(self):
        from . import cooperation

        cooperation.connect()
