from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "labnet.stats"
    label = "stats"
    verbose_name = _("Le réseau en chiffres")

    def ready(self):
        from .freshness import connect_signals

        connect_signals()
