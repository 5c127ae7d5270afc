from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "labnet.intake"
    label = "intake"
    verbose_name = _("Guichet unique")

    def ready(self):
        # Connects the receiver that keeps the response-time figures in step with each
        # request's measure (measures.measure_changed).
        from . import stats_store  # noqa: F401
