from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "labnet.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        install_text_validator()


def install_text_validator():
    """Every API text input refuses control characters (and bidi controls) with a field
    message, in place of DRF's own refusal of NUL alone: the validator is appended to each
    CharField (and its subclasses, e-mail, URL, slug...) when it is built, whatever
    serializer declares it (DRF rebuilds declared fields for each serializer instance)."""
    from django.core.validators import ProhibitNullCharactersValidator
    from rest_framework import serializers

    from .serializers.fields import refuse_control_characters

    if getattr(serializers.CharField, "_labnet_text_validator", False):
        return
    original = serializers.CharField.__init__

    def __init__(self, **kwargs):
        original(self, **kwargs)
        # Ours names NUL too, with its position: one message rather than two.
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ]
        self.validators.append(refuse_control_characters)

    serializers.CharField.__init__ = __init__
    serializers.CharField._labnet_text_validator = True
