from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WwwConfig(AppConfig):
    name = "labnet.www"
    label = "www"
    verbose_name = _("Site")

    def ready(self):
        install_form_text_validator()


def install_form_text_validator():
    """Every text a form reads refuses control characters and bidirectional controls with a
    message on its field (labnet.core.text), as the API's serializers do (labnet.api.apps):
    forms.CharField (and its subclasses: e-mail, URL, slug...) checks the text it reads, in
    every form, the admin's included, so a form written tomorrow cannot forget it
    (tests/www/test_text_inputs.py enumerates them). The method is wrapped rather than
    the constructor: fields built before this runs (an admin form imported early) and the
    copies each form instance makes are covered alike."""
    from django import forms

    from labnet.core.text import validate_safe_text

    if getattr(forms.CharField, "_labnet_text_validator", False):
        return
    original = forms.CharField.to_python

    def to_python(self, value):
        value = original(self, value)
        validate_safe_text(value)
        return value

    forms.CharField.to_python = to_python
    forms.CharField._labnet_text_validator = True
