"""Forms of the roadmap edit pages. They only parse what was typed; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from labnet.core.text import model_max_length
from labnet.labs.models import Lab
from labnet.projects.models import Project
from labnet.roadmaps.models import Item, Roadmap
from labnet.territories.models import Region
from labnet.www.funding.choices import RowModelChoiceField


def _year(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1900,
        max_value=2100,
        error_messages={
            "invalid": _("Saisissez une année, ex. 2027."),
            "min_value": _("Saisissez une année entre 1900 et 2100."),
            "max_value": _("Saisissez une année entre 1900 et 2100."),
        },
    )


def _count(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        error_messages={
            "invalid": _("Saisissez un nombre entier, ex. 22."),
            "min_value": _("Le nombre ne peut pas être négatif."),
        },
    )


class RoadmapForm(DsfrBaseForm):
    title = forms.CharField(label=_("Intitulé"), max_length=200, required=False)
    lab = RowModelChoiceField(
        label=_("Laboratoire porteur"), queryset=Lab.objects.none(), required=False
    )
    region = forms.ModelChoiceField(
        label=_("Région"), queryset=Region.objects.order_by("name"), required=False
    )
    period_start = _year(_("Début de la période (année)"))
    period_end = _year(_("Fin de la période (année)"))
    stated_project_count = _count(_("Nombre de projets annoncé par la source"))
    stated_axis_count = _count(_("Nombre d'axes annoncé par la source"))
    description = forms.CharField(
        max_length=model_max_length(Roadmap, "description"),
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    def __init__(self, *args, labs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lab"].queryset = labs if labs is not None else Lab.objects.none()


class AxisForm(DsfrBaseForm):
    title = forms.CharField(label=_("Intitulé de l'axe"), max_length=200, required=False)
    position = forms.IntegerField(
        label=_("Rang"),
        required=False,
        min_value=1,
        max_value=999,
        error_messages={"invalid": _("Saisissez un nombre entier, ex. 2.")},
    )


class GroupForm(DsfrBaseForm):
    title = forms.CharField(label=_("Intitulé du groupe"), max_length=300, required=False)


class ItemForm(DsfrBaseForm):
    title = forms.CharField(label=_("Intitulé de l'élément"), max_length=300, required=False)
    description = forms.CharField(
        max_length=model_max_length(Item, "description"),
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    group = forms.ModelChoiceField(label=_("Groupe"), queryset=None, required=True)
    project_key = forms.CharField(
        max_length=model_max_length(Project, "key"),
        label=_("Projet lié (clé du projet)"),
        help_text=_(
            "La clé figure dans l'adresse de la fiche du projet (/projets/<clé>/). "
            "Laissez vide pour un élément seulement prévu."
        ),
        required=False,
    )

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        field.queryset = groups
        field.label_from_instance = lambda g: f"{g.axis.title} — {g.title or '…'}"
        field.error_messages["required"] = _("Choisissez le groupe de l'élément.")
