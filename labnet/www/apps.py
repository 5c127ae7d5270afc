from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WwwConfig(AppConfig):
    name = "labnet.www"
    label = "www"
    verbose_name = _("Site")

    def ready(self):
        install_form_text_validator()
        share_dsfr_form_renderer()


def share_dsfr_form_renderer():
    """One DSFR form renderer for the process, as Django shares its own default renderer.

    django-dsfr's `DsfrBaseForm.default_renderer` returns the renderer class, so Django
    builds a new renderer for every form, hence a new template engine: it lists every
    installed template-tag library (walking the packages on disk) and compiles the field
    templates again, 60 ms per form page at national scale for nothing. The same class
    with the same settings, built once: the templates it renders are the same. The
    package's fallback (a FORM_RENDERER setting of our own) is kept as it was."""
    from django.conf import global_settings, settings
    from django.forms.renderers import get_default_renderer
    from dsfr.forms import DsfrBaseForm, DsfrDjangoTemplates

    if getattr(DsfrBaseForm, "_labnet_shared_renderer", None) is not None:
        return
    shared = DsfrDjangoTemplates()

    def default_renderer(self):
        if settings.FORM_RENDERER == global_settings.FORM_RENDERER:
            return shared
        return get_default_renderer()

    DsfrBaseForm._labnet_shared_renderer = shared
    DsfrBaseForm.default_renderer = property(default_renderer)


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
