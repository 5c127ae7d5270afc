"""Forms of the impact pages. They only parse what was typed; the services decide (and
say in French what is wrong), and what was typed is kept."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from labnet.core.text import model_max_length
from labnet.impact.enums import Direction, WithoutLab
from labnet.impact.models import ImpactSurvey, Measurement
from labnet.www.accompaniment.forms import DateInput

NUMBER_ERRORS = {"invalid": _("Saisissez un nombre, ex. 12,5.")}


def _date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": _("Indiquez une date."),
            "invalid": _("Saisissez une date valide, ex. 14/03/2025."),
        },
        **kwargs,
    )


def _number(label, *, required=False, help_text=""):
    return forms.DecimalField(
        label=label,
        required=required,
        localize=True,  # French users type "12,5"
        max_digits=16,
        decimal_places=4,
        help_text=help_text,
        error_messages={
            **NUMBER_ERRORS,
            "required": _("Indiquez une valeur (un nombre, ex. 12,5)."),
            "max_digits": _("Ce nombre est trop grand."),
            "max_decimal_places": _("4 décimales au plus."),
            "max_whole_digits": _("Ce nombre est trop grand."),
        },
    )


class IndicatorForm(DsfrBaseForm):
    prefix = "indicator"

    name = forms.CharField(
        label=_("Nom de l'indicateur"),
        help_text=_("Ex. « Délai moyen de traitement des dossiers »."),
        max_length=200,
        required=False,
    )
    unit = forms.CharField(
        label=_("Unité"),
        help_text=_("Ex. « jours », « % », « dossiers »."),
        max_length=50,
        required=False,
    )
    direction = forms.ChoiceField(
        label=_("Sens souhaité"),
        choices=[("", "—"), *Direction.choices],
        required=False,
    )
    baseline_value = _number(_("Valeur de référence"))
    baseline_on = _date_field(_("Date de la valeur de référence"), required=False)
    target_value = _number(_("Cible"))
    target_on = _date_field(_("Échéance de la cible"), required=False)
    is_public = forms.BooleanField(
        label=_("Montrer cet indicateur sur la fiche publique du projet"), required=False
    )


class MeasurementForm(DsfrBaseForm):
    prefix = "measurement"

    value = _number(_("Valeur mesurée"), required=True)
    measured_on = _date_field(_("Date de la mesure"), required=False)
    source_document = forms.ChoiceField(
        label=_("Document du projet qui l'établit"), choices=(), required=False
    )
    source_url = forms.CharField(
        max_length=model_max_length(Measurement, "source_url"),
        label=_("Ou un lien vers la source"),
        required=False,
    )
    source_text = forms.CharField(
        max_length=model_max_length(Measurement, "source_text"),
        label=_("Ou la source, en quelques mots"),
        help_text=_("Ex. « tableau de bord du service, mars 2025 »."),
        required=False,
    )
    comment = forms.CharField(
        max_length=model_max_length(Measurement, "comment"),
        label=_("Commentaire"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, documents=(), **kwargs):
        # `documents` is a list read once for the page: every indicator's form shares it.
        super().__init__(*args, **kwargs)
        self._documents = {str(d.pk): d for d in documents}
        self.fields["source_document"].choices = [
            ("", _("— aucun —")),
            *((pk, d.title) for pk, d in self._documents.items()),
        ]

    def clean_source_document(self):
        return self._documents.get(self.cleaned_data.get("source_document") or "")


class SurveyForm(DsfrBaseForm):
    would_have_advanced = forms.ChoiceField(
        label=_("Sans le laboratoire, votre projet aurait-il avancé ?"),
        choices=WithoutLab.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    what_changed = forms.CharField(
        max_length=model_max_length(ImpactSurvey, "what_changed"),
        label=_("Qu'est-ce qui a changé grâce à l'accompagnement ?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    satisfaction = forms.ChoiceField(
        label=_("Êtes-vous satisfait de l'accompagnement ? (1 : pas du tout, 5 : tout à fait)"),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
        required=False,
    )
