from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WwwConfig(AppConfig):
    name = "labnet.www"
    label = "www"
    verbose_name = _("Site")
