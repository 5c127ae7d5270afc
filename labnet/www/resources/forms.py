"""Forms of the shared library. They only read input; `resources.services` validates and
decides (its French messages land next to the fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from labnet.core.form_fields import FrenchSortedModelMultipleChoiceField
from labnet.core.text import model_max_length
from labnet.labs.models import Theme
from labnet.projects.documents import allowed_extensions_label, max_upload_bytes
from labnet.resources.enums import Licence, ResourceKind, ReviewDecision
from labnet.resources.models import Resource
from labnet.resources.services import required_messages
from labnet.www.widgets import LongSelect


def _with_empty(choices, label):
    return [("", label), *choices]


class ResourceForm(DsfrBaseForm):
    """Propose (or amend) a resource. The service checks everything again; the form says
    what is missing with the service's own words, all at once."""

    title = forms.CharField(label=_("Titre"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Nature"),
        choices=_with_empty(ResourceKind.choices, _("— Choisir une nature —")),
    )
    summary = forms.CharField(
        max_length=model_max_length(Resource, "summary"),
        label=_("Présentation"),
        help_text=_("À quoi sert la ressource, pour qui, et comment s'en servir."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    url = forms.CharField(
        label=_("Adresse web"),
        help_text=_("Où la consulter, ex. https://www.modernisation.gouv.fr/… (ou un fichier)."),
        max_length=500,
        required=False,
    )
    file = forms.FileField(label=_("Fichier"), required=False)
    licence = forms.ChoiceField(
        label=_("Licence"),
        help_text=_(
            "Sous quelle licence la ressource peut être réutilisée. La Licence Ouverte 2.0 "
            "est celle des informations publiques de l'État."
        ),
        choices=_with_empty(Licence.choices, _("— Choisir une licence —")),
    )
    tags = forms.CharField(
        label=_("Mots-clés"),
        help_text=_("Séparés par des virgules, ex. « facilitation, design de service »."),
        max_length=600,
        required=False,
    )
    themes = FrenchSortedModelMultipleChoiceField(
        label=_("Thèmes"),
        queryset=Theme.objects.order_by("name_fr"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    lab = forms.ModelChoiceField(
        label=_("Laboratoire auteur"),
        help_text=_("Le laboratoire qui a produit la ressource, s'il est l'un des vôtres."),
        queryset=None,
        required=False,
        empty_label=_("— Aucun de mes laboratoires —"),
        to_field_name="key",
        # Every lab of the network for the coordination: written in one pass.
        widget=LongSelect,
    )

    def __init__(self, *args, labs, has_file=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_file = has_file
        # Shown, not chosen: an option needs its key and name only.
        self.fields["lab"].queryset = labs if self.is_bound else labs.only("pk", "key", "name")
        messages = required_messages()
        for name, field in self.fields.items():
            if name in messages:
                field.error_messages["required"] = messages[name]
        self.fields["file"].help_text = _(
            "Formats acceptés : %(formats)s ; %(max)s Mo au plus. Si le formulaire signale une "
            "erreur, choisissez à nouveau le fichier."
        ) % {"formats": allowed_extensions_label(), "max": max_upload_bytes() // (1024 * 1024)}

    def clean(self):
        cleaned = super().clean()
        keeps_file = self.has_file and not cleaned.get("remove_file")
        has_link = cleaned.get("url") or cleaned.get("file") or keeps_file
        if not has_link and "url" not in self.errors:
            self.add_error("url", required_messages()["url"])
        return cleaned


class ResourceEditForm(ResourceForm):
    remove_file = forms.BooleanField(label=_("Retirer le fichier déposé"), required=False)


class ReviewForm(DsfrBaseForm):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=ReviewDecision.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    message = forms.CharField(
        max_length=model_max_length(Resource, "review_message"),
        label=_("Message au proposant"),
        help_text=_("Obligatoire en cas de refus : ce qu'il faudrait changer."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class _ProjectTitles(forms.models.ModelChoiceIterator):
    """(key, title) pairs from one `values_list` query: a lab's 2,110 projects without a
    model instance each (as `labnet.www.name_choices` does for names)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("key", "title")


class _ProjectChoiceField(forms.ModelChoiceField):
    iterator = _ProjectTitles


class LinkProjectForm(DsfrBaseForm):
    project = _ProjectChoiceField(
        label=_("Projet qui l'a utilisée"),
        queryset=None,
        to_field_name="key",
        empty_label=_("— Choisir un projet de vos laboratoires —"),
        # The busiest lab has 2,100 projects: written in one pass.
        widget=LongSelect,
        error_messages={
            "required": _("Choisissez le projet."),
            "invalid_choice": _("Choisissez un projet de vos laboratoires."),
        },
    )

    def __init__(self, *args, projects, choices, **kwargs):
        """`projects`: what the field accepts; `choices`: the same projects as (key, title)
        pairs by title (`project_choices_for_linking`, one query shaped for the list)."""
        super().__init__(*args, **kwargs)
        field = self.fields["project"]
        field.queryset = projects
        field.widget.choices = [("", field.empty_label), *choices]
        self.has_projects = bool(choices)
