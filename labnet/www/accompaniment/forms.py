"""Forms of the accompaniment pages. They only parse what was typed; the services decide
(and say in French what is wrong). Each form has a prefix: several share the workspace."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from labnet.core.text import model_max_length
from labnet.labs.models import Lab
from labnet.organisations.models import Organisation
from labnet.projects.documents import allowed_extensions_label, max_upload_bytes
from labnet.projects.enums import ActivityKind, DocumentKind, ProjectRole, ProjectStatus, Stage
from labnet.projects.models import Activity, InternalNote, Project, StageTransition
from labnet.www.cached_select import CachedSelect
from labnet.www.name_choices import NameChoiceField, NameMultipleChoiceField
from labnet.www.widgets import LongSelectMultiple

DATE_HELP = _("Format attendu : JJ/MM/AAAA.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # An <input type="date"> wants ISO dates, whatever the page's language.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


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


def _count_field(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        # Beyond it the database's integer overflows: a typing error anyway.
        max_value=100_000_000,
        initial=0,
        required=False,
        error_messages={
            "invalid": _("Saisissez un nombre entier, ex. 8."),
            "min_value": _("Le nombre ne peut pas être négatif."),
            "max_value": _("Le nombre ne peut pas dépasser 100 000 000."),
        },
    )


class MoveForm(DsfrBaseForm):
    """A gate decision. Every target is accepted here; the pipeline's map decides, so an
    illegal move gets the pipeline's own message ("Passage impossible de ... à ...")."""

    move = forms.ChoiceField(
        label=_("Nouvelle étape ou nouveau statut"),
        choices=[("", "—")]
        + [(f"stage:{value}", label) for value, label in Stage.choices]
        + [(f"status:{value}", label) for value, label in ProjectStatus.choices],
        error_messages={"required": _("Choisissez la nouvelle étape ou le nouveau statut.")},
    )
    reason = forms.CharField(
        max_length=model_max_length(StageTransition, "reason"),
        label=_("Décision et motif"),
        help_text=_("Ce qui a été décidé à ce passage, et pourquoi : il reste dans l'historique."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _(
                "Indiquez la décision ou le motif de ce passage : il reste dans l'historique."
            )
        },
    )

    def __init__(self, *args, moves=(), **kwargs):
        super().__init__(*args, prefix="move", **kwargs)
        # Offer only the moves allowed now; still accept (and let the pipeline refuse) others.
        self.fields["move"].widget.choices = [("", "—")] + [(m.value, m.label) for m in moves]

    def target(self) -> dict:
        kind, _sep, value = self.cleaned_data["move"].partition(":")
        return {"to_stage": value} if kind == "stage" else {"to_status": value}


class ActivityForm(DsfrBaseForm):
    kind = forms.ChoiceField(
        label=_("Nature"),
        choices=[("", "—"), *ActivityKind.choices],
        error_messages={"required": _("Choisissez la nature de l'activité.")},
    )
    title = forms.CharField(
        label=_("Intitulé"),
        max_length=200,
        error_messages={
            "required": _("Donnez un intitulé à l'activité, ex. « Atelier d'idéation »."),
            "max_length": _("L'intitulé tient en 200 caractères au plus."),
        },
    )
    happened_on = _date_field(_("Date"))
    agents_count = _count_field(_("Agents participants"))
    users_count = _count_field(_("Usagers participants"))
    partners_count = _count_field(_("Partenaires participants"))
    notes = forms.CharField(
        max_length=model_max_length(Activity, "notes"),
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "activity")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        for field in ("agents_count", "users_count", "partners_count"):
            if field in data and data[field] is None:
                data[field] = 0
        return data


class DocumentForm(DsfrBaseForm):
    kind = forms.ChoiceField(
        label=_("Nature"),
        choices=[("", "—"), *DocumentKind.choices],
        error_messages={"required": _("Choisissez la nature du document.")},
    )
    title = forms.CharField(
        label=_("Titre"),
        max_length=200,
        error_messages={
            "required": _("Donnez un titre au document."),
            "max_length": _("Le titre tient en 200 caractères au plus."),
        },
    )
    file = forms.FileField(
        label=_("Fichier"),
        error_messages={
            "required": _("Choisissez le fichier à déposer."),
            "empty": _("Le fichier est vide."),
            "invalid": _("Le fichier n'a pas pu être lu : déposez-le à nouveau."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="document", **kwargs)
        self.fields["file"].help_text = _(
            "Formats acceptés : %(formats)s. Taille maximale : %(max)s Mo."
        ) % {"formats": allowed_extensions_label(), "max": max_upload_bytes() // (1024 * 1024)}


class NextStepForm(DsfrBaseForm):
    title = forms.CharField(
        label=_("Prochaine étape"),
        max_length=200,
        error_messages={
            "required": _("Dites ce qu'il faut faire, ex. « Préparer l'atelier »."),
            "max_length": _("La prochaine étape tient en 200 caractères au plus."),
        },
    )
    owner = forms.TypedChoiceField(
        label=_("Responsable"),
        coerce=int,
        error_messages={
            "required": _("Choisissez la personne responsable."),
            "invalid_choice": _(
                "La personne responsable doit faire partie de l'équipe d'un laboratoire du projet."
            ),
        },
    )
    due_on = _date_field(_("Échéance"))

    def __init__(self, *args, memberships=(), **kwargs):
        super().__init__(*args, prefix="next_step", **kwargs)
        self.users = {m.user_id: m.user for m in memberships}
        self.fields["owner"].choices = [("", "—")] + [
            (m.user_id, f"{m.user.full_name} ({m.lab.name})") for m in memberships
        ]

    def owner_user(self):
        return self.users.get(self.cleaned_data["owner"])


class NoteForm(DsfrBaseForm):
    body = forms.CharField(
        max_length=model_max_length(InternalNote, "body"),
        label=_("Note interne"),
        help_text=_("Visible seulement des équipes des laboratoires du projet."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("La note est vide.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="note", **kwargs)


class PersonForm(DsfrBaseForm):
    name = forms.CharField(
        label=_("Nom"),
        max_length=200,
        error_messages={
            "required": _("Indiquez le nom de la personne."),
            "max_length": _("Le nom tient en 200 caractères au plus."),
        },
    )
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=[("", "—"), *ProjectRole.choices],
        error_messages={"required": _("Choisissez le rôle de la personne dans le projet.")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="—",
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, prefix="person", **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


class SheetForm(DsfrBaseForm):
    """The network's public form for a project: Objective / Approach / Results."""

    title = forms.CharField(
        label=_("Titre"),
        max_length=300,
        error_messages={
            "required": _("Le projet doit garder un titre."),
            "max_length": _("Le titre tient en 300 caractères au plus."),
        },
    )
    objective = forms.CharField(
        max_length=model_max_length(Project, "objective"),
        label=_("Objectif"),
        help_text=_("Le problème public à résoudre, pour qui."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    approach = forms.CharField(
        max_length=model_max_length(Project, "approach"),
        label=_("Démarche"),
        help_text=_("Comment le laboratoire et ses partenaires s'y prennent."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    results = forms.CharField(
        max_length=model_max_length(Project, "results"),
        label=_("Résultats"),
        help_text=_("Ce qui a changé, chiffres à l'appui quand il y en a."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )


class PartnersForm(DsfrBaseForm):
    partner_labs = NameMultipleChoiceField(
        label=_("Laboratoires partenaires"),
        help_text=_("Leurs équipes voient l'espace de travail du projet et tiennent son journal."),
        queryset=Lab.objects.only("id", "name").order_by("name"),
        required=False,
        # Every lab and every administration of the network (a thousand, hundreds): one
        # pass in Python, not a template per option; only the columns an option shows.
        widget=LongSelectMultiple(attrs={"size": 8}),
    )
    organisations = NameMultipleChoiceField(
        french=True,
        label=_("Organisations partenaires"),
        help_text=_("Services de l'État, collectivités, opérateurs, associations, ESS…"),
        queryset=Organisation.objects.only("id", "name").order_by("name"),
        required=False,
        widget=LongSelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        if project is not None and project.lead_lab_id:
            self.fields["partner_labs"].queryset = (
                Lab.objects.exclude(pk=project.lead_lab_id).only("id", "name").order_by("name")
            )


class TakeUpForm(DsfrBaseForm):
    """Taking a project up in another territory ("passage à l'échelle")."""

    lab = forms.ModelChoiceField(
        label=_("Laboratoire qui reprend le projet"),
        queryset=Lab.objects.none(),
        empty_label="—",
        error_messages={
            "required": _("Choisissez le laboratoire qui reprend le projet."),
            "invalid_choice": _(
                "Vous ne pouvez reprendre ce projet qu'avec l'un de vos laboratoires."
            ),
        },
    )
    title = forms.CharField(
        label=_("Titre de la reprise"),
        help_text=_("Laissez vide pour garder le titre du projet d'origine."),
        max_length=300,
        required=False,
    )
    adaptation_notes = forms.CharField(
        max_length=model_max_length(Project, "adaptation_notes"),
        label=_("Ce qui a été adapté"),
        help_text=_("Ce qui change dans votre territoire : publics, partenaires, étapes…"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _(
                "Dites ce qui a été adapté au territoire : c'est ce que les suivants liront."
            )
        },
    )

    def __init__(self, *args, labs=None, every_lab=False, lead_lab_id=None, **kwargs):
        """`labs`: the labs the user may choose. `every_lab`: the coordinator's case, where
        `labs` is every lab but the project's lead lab (`lead_lab_id`): the list of a
        thousand labs is then written from the cache (`CachedSelect`) with that one left
        out, instead of one template per option (40 ms of the project page)."""
        super().__init__(*args, prefix="take_up", **kwargs)
        if labs is not None:
            self.fields["lab"].queryset = labs
        if every_lab:
            field = self.fields["lab"]
            field.widget = CachedSelect(
                key="take-up-lab",
                model=Lab,
                omit=[] if lead_lab_id is None else [lead_lab_id],
                attrs=field.widget.attrs,
            )
            # The kept list is every lab's; validation still uses `labs`.
            field.widget.choices = NameChoiceField(
                queryset=Lab.objects.order_by("name"), empty_label=field.empty_label
            ).choices
