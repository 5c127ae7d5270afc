from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from labnet.core.form_fields import FrenchSortedModelMultipleChoiceField
from labnet.core.text import model_max_length
from labnet.labs.enums import LabMission
from labnet.labs.models import Lab, Theme


def add_service_errors(form, error: ValidationError, field_names: dict | None = None) -> None:
    """Show a service's ValidationError on the form: next to the field it names when the form
    has it (`field_names` maps the service's names to the form's), at the top otherwise."""
    field_names = field_names or {}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, messages_ in error.message_dict.items():
        name = field_names.get(name, name)
        for message in messages_:
            form.add_error(name if name in form.fields else None, message)


def write_from_form(form, write, *, field_names: dict | None = None):
    """The form -> service -> error pattern, once: on a bound and valid form, call
    `write(form.cleaned_data)` and return what it wrote; a service's ValidationError goes
    onto the form (`add_service_errors`) and None is returned, as for an unbound or invalid
    form, so the page shows the form again with what was typed."""
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error, field_names)
        return None


class LabProfileForm(DsfrBaseForm):
    """What a lab's lead keeps up to date on the lab's page."""

    summary = forms.CharField(
        max_length=model_max_length(Lab, "summary"),
        label=_("Présentation"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    email = forms.EmailField(
        label=_("Courriel de contact"),
        required=False,
        error_messages={
            "invalid": _("Saisissez une adresse électronique valide, ex. lab@region.gouv.fr.")
        },
    )
    website = forms.URLField(
        max_length=model_max_length(Lab, "website"),
        label=_("Site web"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Saisissez une adresse web valide, ex. https://lab.gouv.fr.")},
    )
    team_fte = forms.DecimalField(
        label=_("Équipe (en ETP)"),
        required=False,
        min_value=0,
        max_value=999,
        decimal_places=1,
        localize=True,  # French users type "3,5"
        error_messages={
            "invalid": _("Saisissez un nombre, ex. 3,5."),
            "min_value": _("L'équipe ne peut pas compter moins de 0 ETP."),
            "max_decimal_places": _("Une décimale au plus, ex. 3,5."),
        },
    )
    is_itinerant = forms.BooleanField(label=_("Laboratoire itinérant"), required=False)
    first_answer_hours = forms.IntegerField(
        label=_("Délai de première réponse du guichet (en heures)"),
        help_text=_("Votre engagement public envers les agents : 24 heures par défaut."),
        min_value=1,
        max_value=24 * 60,
        error_messages={
            "invalid": _("Saisissez un nombre entier d'heures, ex. 24."),
            "min_value": _("Le délai doit être d'au moins 1 heure."),
            "max_value": _("Le délai ne peut pas dépasser 60 jours (1 440 heures)."),
        },
    )
    missions = forms.MultipleChoiceField(
        label=_("Missions"),
        choices=LabMission.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    themes = FrenchSortedModelMultipleChoiceField(
        label=_("Thèmes"),
        queryset=Theme.objects.order_by("name_fr"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
