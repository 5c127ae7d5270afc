"""Forms of the funding pages. They only read and type what was typed (amounts as
Decimal, French "1 234,50" accepted); every rule is the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from labnet.core.form_fields import MESSAGE_MAX_LENGTH
from labnet.core.text import model_max_length
from labnet.funding.enums import AllocationStatus, FundingSourceKind
from labnet.funding.models import Allocation, Envelope, FundingSource
from labnet.labs.models import Lab
from labnet.projects.models import Project
from labnet.territories.models import Region
from labnet.www.funding.choices import RowModelChoiceField

AMOUNT_ERRORS = {
    "invalid": _("Saisissez un montant en euros, ex. 150 000 ou 1 234,50."),
    "min_value": _("Un montant ne peut pas être négatif."),
    "max_decimal_places": _("Deux décimales au plus (les centimes)."),
    "max_digits": _("Ce montant est trop grand."),
    "max_whole_digits": _("Ce montant est trop grand."),
}
DATE_ERRORS = {"invalid": _("Saisissez une date valide, ex. 24/11/2021.")}
YEAR_ERRORS = {
    "invalid": _("Saisissez une année sur quatre chiffres, ex. 2021."),
    "min_value": _("L'année doit être entre 1900 et 2100."),
    "max_value": _("L'année doit être entre 1900 et 2100."),
}


class AmountField(forms.DecimalField):
    """Euros with cents; spaces (thousands) are dropped before reading."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("localize", True)
        kwargs.setdefault("error_messages", AMOUNT_ERRORS)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u202f", "").replace("\xa0", "").replace(" ", "").strip()
            value = value.removesuffix("€")
        return super().to_python(value)


def _date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=DATE_ERRORS,
        **kwargs,
    )


def _year_field():
    return forms.IntegerField(
        label=_("Année"), required=False, min_value=1900, max_value=2100, error_messages=YEAR_ERRORS
    )


class FundingSourceForm(DsfrBaseForm):
    name = forms.CharField(label=_("Nom"), max_length=200)
    kind = forms.ChoiceField(label=_("Nature"), choices=FundingSourceKind.choices)
    description = forms.CharField(
        max_length=model_max_length(FundingSource, "description"),
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EnvelopeForm(DsfrBaseForm):
    name = forms.CharField(label=_("Nom"), max_length=200)
    funding_source = forms.ModelChoiceField(
        label=_("Source de financement"),
        queryset=FundingSource.objects.order_by("name"),
        to_field_name="key",
    )
    parent = forms.ModelChoiceField(
        label=_("Enveloppe parente"),
        help_text=_("Laissez vide pour une enveloppe de premier niveau."),
        queryset=Envelope.objects.order_by("name"),
        to_field_name="key",
        required=False,
    )
    amount_eur = AmountField(
        label=_("Montant (€)"),
        required=False,
        help_text=_("Laissez vide si la source ne l'indique pas."),
    )
    year = _year_field()
    scope = forms.CharField(label=_("Périmètre"), max_length=300, required=False)
    description = forms.CharField(
        max_length=model_max_length(Envelope, "description"),
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, exclude_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        if exclude_key:
            self.fields["parent"].queryset = Envelope.objects.exclude(key=exclude_key).order_by(
                "name"
            )


class AllocationForm(DsfrBaseForm):
    envelope = forms.ModelChoiceField(
        label=_("Enveloppe"),
        queryset=Envelope.objects.select_related("funding_source").order_by("name"),
        to_field_name="key",
    )
    lab = RowModelChoiceField(
        label=_("Laboratoire bénéficiaire"),
        queryset=Lab.objects.order_by("name"),
        to_field_name="key",
        required=False,
    )
    project = forms.ModelChoiceField(
        label=_("Projet bénéficiaire (clé du projet)"),
        help_text=_("La clé qui figure dans l'adresse de sa fiche, ex. titres-de-sejour."),
        queryset=Project.objects.all(),
        to_field_name="key",
        required=False,
        widget=forms.TextInput,
        error_messages={"invalid_choice": _("Aucun projet n'a cette clé.")},
    )
    beneficiary_name = forms.CharField(
        label=_("Bénéficiaire hors plateforme (nom)"),
        help_text=_("Par exemple une collectivité territoriale."),
        max_length=300,
        required=False,
    )
    beneficiary_siret = forms.CharField(
        label=_("SIRET du bénéficiaire hors plateforme"),
        help_text=_("14 chiffres ; la clé de contrôle est vérifiée."),
        max_length=20,
        required=False,
    )
    region = forms.ModelChoiceField(
        label=_("Région"),
        help_text=_("Celle du laboratoire ou du projet si vous la laissez vide."),
        queryset=Region.objects.order_by("name"),
        required=False,
    )
    amount_eur = AmountField(label=_("Montant (€)"), required=False)
    amount_unknown = forms.BooleanField(
        label=_("Montant non indiqué (la décision ne le donne pas)"), required=False
    )
    fte = forms.DecimalField(
        label=_("Soutien en ETP"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        localize=True,
        error_messages={
            "invalid": _("Saisissez un nombre, ex. 1,5."),
            "min_value": _("Un soutien ne peut pas être négatif."),
            "max_decimal_places": _("Deux décimales au plus."),
        },
    )
    year = _year_field()
    period_start = _date_field(_("Début de la période"))
    period_end = _date_field(_("Fin de la période"))
    decision = forms.CharField(
        max_length=model_max_length(Allocation, "decision"),
        label=_("Décision (texte ou référence)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    eu_notified = forms.BooleanField(
        label=_("Aide notifiée à la Commission européenne (aide d'État)"),
        help_text=_(
            "Publié dans le fichier national des subventions (SCDL, « notificationUE ») ; "
            "non par défaut."
        ),
        required=False,
    )
    description = forms.CharField(
        max_length=model_max_length(Allocation, "description"),
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AllocationCreateForm(AllocationForm):
    status = forms.ChoiceField(
        label=_("Statut"),
        choices=[
            (AllocationStatus.PLANNED.value, AllocationStatus.PLANNED.label),
            (AllocationStatus.COMMITTED.value, AllocationStatus.COMMITTED.label),
        ],
        initial=AllocationStatus.PLANNED,
        help_text=_("Engagée : la convention est signée (indiquez sa date et sa référence)."),
    )
    convention_signed_on = _date_field(_("Convention signée le"))
    convention_reference = forms.CharField(
        label=_("Référence de la convention"), max_length=200, required=False
    )


class TransitionForm(DsfrBaseForm):
    to = forms.ChoiceField(label=_("Nouveau statut"), choices=())
    convention_signed_on = _date_field(_("Convention signée le (pour « engagée »)"))
    convention_reference = forms.CharField(
        label=_("Référence de la convention (pour « engagée »)"), max_length=200, required=False
    )
    reason = forms.CharField(
        max_length=MESSAGE_MAX_LENGTH,
        label=_("Motif (pour « annulée »)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, status: AllocationStatus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s.value, s.label) for s in status.next_statuses]


class PaymentForm(DsfrBaseForm):
    paid_on = forms.DateField(
        label=_("Date du versement"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={**DATE_ERRORS, "required": _("Indiquez la date du versement.")},
    )
    amount_eur = AmountField(
        label=_("Montant versé (€)"),
        error_messages={**AMOUNT_ERRORS, "required": _("Indiquez le montant versé.")},
    )
    reference = forms.CharField(label=_("Référence"), max_length=200, required=False)


class ReportingNotesForm(DsfrBaseForm):
    notes = forms.CharField(
        max_length=model_max_length(Allocation, "reporting_notes"),
        label=_("Compte rendu"),
        help_text=_(
            "Usage des fonds, résultats, difficultés : ce que la coordination doit savoir."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
