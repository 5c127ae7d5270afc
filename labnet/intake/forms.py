"""Forms of the single window: the guided form's steps, the review, the lab's decisions,
the author's answers and the lab's boost slots. They only read input; services decide."""

from datetime import datetime

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from labnet.core.form_fields import (
    ConditionalCharField,
    ConditionalModelChoiceField,
    FrenchSortedModelChoiceField,
    FrenchSortedModelMultipleChoiceField,
)
from labnet.core.text import model_max_length
from labnet.labs.models import Theme
from labnet.organisations.models import Organisation
from labnet.territories.models import Department, Region

from . import clock
from .enums import RequestDecision
from .models import Request, RequestEvent
from .selectors import receiving_labs
from .services.base import required_messages


class _RequiredMessagesMixin:
    """French "required" messages shared with the services; `lenient` drops them all
    (the "Précédent" button keeps what was typed without asking for the rest)."""

    def __init__(self, *args, lenient=False, **kwargs):
        super().__init__(*args, **kwargs)
        messages = required_messages()
        for name, field in self.fields.items():
            if name in messages:
                field.error_messages["required"] = messages[name]
            if lenient:
                field.required = False


class StepProblemForm(_RequiredMessagesMixin, DsfrBaseForm):
    title = forms.CharField(
        label=_("Titre de votre idée"),
        help_text=_("En quelques mots, ex. « Simplifier l'accueil des demandeurs de titres »."),
        max_length=200,
    )
    problem = forms.CharField(
        max_length=model_max_length(Request, "problem"),
        label=_("Le problème ou l'idée"),
        help_text=_("Ce qui ne va pas aujourd'hui, ou ce que vous aimeriez changer."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class StepAffectedForm(_RequiredMessagesMixin, DsfrBaseForm):
    affected_people = forms.CharField(
        max_length=model_max_length(Request, "affected_people"),
        label=_("Qui en souffre ?"),
        help_text=_("Usagers, agents, partenaires : qui vit ce problème, et comment."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class StepTriedForm(_RequiredMessagesMixin, DsfrBaseForm):
    tried = forms.CharField(
        max_length=model_max_length(Request, "tried"),
        label=_("Ce qui a déjà été essayé"),
        help_text=_("Ce qui a marché ou non. Rien encore ? Écrivez-le simplement."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class StepStakeholdersForm(_RequiredMessagesMixin, DsfrBaseForm):
    stakeholders = forms.CharField(
        max_length=model_max_length(Request, "stakeholders"),
        label=_("Qui est impliqué ?"),
        help_text=_("Les services, partenaires, élus ou associations concernés ou prêts à aider."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class StepContextForm(_RequiredMessagesMixin, DsfrBaseForm):
    # Required, one way or the other: from the list, or by name (the service checks it).
    organisation = ConditionalModelChoiceField(
        label=_("Votre administration"),
        help_text=_(
            "Obligatoire : choisissez-la dans la liste, ou, si elle n'y est pas, "
            "saisissez son nom dans le champ suivant."
        ),
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("— Choisir dans la liste —"),
        to_field_name="key",
    )
    organisation_name = ConditionalCharField(
        label=_("Nom de votre administration, si elle n'est pas dans la liste"),
        help_text=_("À remplir seulement si votre administration n'est pas dans la liste."),
        max_length=250,
    )
    region = FrenchSortedModelChoiceField(
        label=_("Région"),
        queryset=Region.objects.order_by("name"),
        empty_label=_("— Choisir une région —"),
    )
    department = forms.ModelChoiceField(
        label=_("Département"),
        queryset=Department.objects.select_related("region").order_by("code"),
        required=False,
        empty_label=_("— Toute la région —"),
    )
    themes = FrenchSortedModelMultipleChoiceField(
        label=_("Thèmes"),
        queryset=Theme.objects.order_by("name_fr"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


STEP_FORMS = {
    1: StepProblemForm,
    2: StepAffectedForm,
    3: StepTriedForm,
    4: StepStakeholdersForm,
    5: StepContextForm,
}


class SubmitForm(DsfrBaseForm):
    """The review step: send to a suggested lab, to any active lab, or let the platform choose."""

    AUTO = "auto"

    choice = forms.ChoiceField(
        label=_("À quel laboratoire envoyer votre demande ?"),
        widget=forms.RadioSelect,
        initial=AUTO,
    )
    other_lab = forms.ModelChoiceField(
        label=_("Ou choisissez un autre laboratoire"),
        help_text=_("S'il est rempli, ce choix remplace celui du dessus."),
        queryset=receiving_labs(),
        to_field_name="key",
        required=False,
        empty_label=_("— Aucun autre —"),
        error_messages={"invalid_choice": _("Ce laboratoire ne reçoit pas de demandes.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.matches = {match.lab.key: match.lab for match in matches}
        self.fields["choice"].choices = [
            (self.AUTO, _("Laisser la plateforme choisir le laboratoire le mieux placé")),
            *((match.lab.key, match.lab.name) for match in matches),
        ]
        self.fields["choice"].error_messages["invalid_choice"] = _(
            "Ce laboratoire n'est plus proposé : rechargez la page."
        )

    def chosen_lab(self):
        """The lab to send to, or None to let the platform route it."""
        if self.cleaned_data.get("other_lab"):
            return self.cleaned_data["other_lab"]
        choice = self.cleaned_data.get("choice")
        return None if choice in (None, self.AUTO) else self.matches[choice]


class CoauthorForm(DsfrBaseForm):
    email = forms.EmailField(
        label=_("Adresse électronique de votre collègue"),
        help_text=_("Votre collègue doit avoir un compte LabNet. Format : nom@administration.fr"),
        error_messages={
            "required": _("Saisissez l'adresse électronique de votre collègue."),
            "invalid": _("Saisissez une adresse électronique valide, ex. nom@administration.fr."),
        },
    )


# Which fields each decision asks for, and whether the text is required.
DECISION_FIELDS = {
    RequestDecision.ACCEPT: ("message",),
    RequestDecision.BOOST: ("message",),
    RequestDecision.REDIRECT_LAB: ("lab", "message"),
    RequestDecision.REDIRECT_OUT: ("service", "message"),
    RequestDecision.ASK_INFO: ("message",),
    RequestDecision.DECLINE: ("reason",),
}


class DecisionForm(DsfrBaseForm):
    """One of the lab's decisions; several are on one page, told apart by their prefix."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    lab = forms.ModelChoiceField(
        label=_("Laboratoire qui reprend la demande"),
        queryset=receiving_labs(),
        to_field_name="key",
        empty_label=_("— Choisir un laboratoire —"),
        error_messages={
            "required": _("Choisissez le laboratoire auquel transmettre la demande."),
            "invalid_choice": _("Ce laboratoire ne reçoit pas de demandes."),
        },
    )
    service = forms.CharField(
        label=_("Service vers lequel réorienter l'auteur"),
        help_text=_("Son nom et, si possible, un contact ou un lien."),
        max_length=300,
        error_messages={"required": _("Indiquez le service vers lequel réorienter l'auteur.")},
    )
    reason = forms.CharField(
        max_length=model_max_length(Request, "decline_reason"),
        label=_("Motif du refus"),
        help_text=_("Il est transmis à l'auteur."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Indiquez le motif du refus : il sera transmis à l'auteur.")},
    )
    message = forms.CharField(
        max_length=model_max_length(RequestEvent, "message"),
        label=_("Message à l'auteur"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, decision: str, lab=None, **kwargs):
        super().__init__(*args, prefix=decision, **kwargs)
        self.decision = RequestDecision(decision)
        for name in list(self.fields):
            if name != "version" and name not in DECISION_FIELDS[self.decision]:
                del self.fields[name]
        if "lab" in self.fields and lab is not None:
            self.fields["lab"].queryset = receiving_labs().exclude(pk=lab.pk)
        if self.decision == RequestDecision.ASK_INFO:
            message = self.fields["message"]
            message.required = True
            message.label = _("Votre question à l'auteur")
            message.error_messages["required"] = _("Écrivez la question à poser à l'auteur.")
        # DsfrBaseForm builds the bound fields in its __init__: rebuild them with these labels.
        self._bound_fields_cache = {}


class ProvideInfoForm(DsfrBaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(
        max_length=model_max_length(RequestEvent, "message"),
        label=_("Votre réponse au laboratoire"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Écrivez votre réponse au laboratoire.")},
    )


class WithdrawForm(DsfrBaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        max_length=model_max_length(RequestEvent, "message"),
        label=_("Pourquoi retirez-vous votre demande ?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class BookSlotForm(DsfrBaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    slot = forms.ChoiceField(
        label=_("Créneaux proposés par le laboratoire"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez un créneau."),
            "invalid_choice": _("Ce créneau vient d'être réservé : choisissez-en un autre."),
        },
    )

    def __init__(self, *args, slots=(), tz=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tz = tz
        self.offer(slots)

    def offer(self, slots) -> None:
        """The slots to choose from (shown again with only the free ones after an error)."""
        self.slots = {str(slot.pk): slot for slot in slots}
        self.fields["slot"].choices = [(str(slot.pk), _slot_label(slot, self.tz)) for slot in slots]

    def chosen_slot(self):
        return self.slots[self.cleaned_data["slot"]]


def _slot_label(slot, tz) -> str:
    start = timezone.localtime(slot.starts_at, tz)
    end = timezone.localtime(slot.ends_at, tz)
    label = _("%(day)s, de %(start)s à %(end)s") % {
        "day": formats.date_format(start, "l j F Y"),
        "start": formats.time_format(start, "H:i"),
        "end": formats.time_format(end, "H:i"),
    }
    return f"{label} — {slot.location}" if slot.location else label


class BoostSlotForm(DsfrBaseForm):
    """A slot in the lab's local time; the service checks it ends after it starts."""

    day = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Indiquez la date du créneau."),
            "invalid": _("Saisissez une date valide, ex. 2026-12-03."),
        },
    )
    start_time = forms.TimeField(
        label=_("Heure de début"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Indiquez l'heure de début."),
            "invalid": _("Saisissez une heure valide, ex. 14:30."),
        },
    )
    end_time = forms.TimeField(
        label=_("Heure de fin"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Indiquez l'heure de fin."),
            "invalid": _("Saisissez une heure valide, ex. 15:30."),
        },
    )
    location = forms.CharField(
        label=_("Lieu ou lien de visioconférence"),
        max_length=300,
        required=False,
    )

    # Where the service's errors go on this form.
    SERVICE_FIELDS = {"starts_at": "day", "ends_at": "end_time"}

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.tz = clock.lab_timezone(lab)

    def datetimes(self) -> tuple[datetime, datetime]:
        day = self.cleaned_data["day"]
        starts_at = datetime.combine(day, self.cleaned_data["start_time"], tzinfo=self.tz)
        ends_at = datetime.combine(day, self.cleaned_data["end_time"], tzinfo=self.tz)
        return starts_at, ends_at


class AttachmentForm(DsfrBaseForm):
    """A file joined to a request; `intake.attachments` checks its type and size."""

    file = forms.FileField(
        label=_("Fichier"),
        help_text=_(
            "Votre brouillon de projet, une note, une photo : PDF, ODT, DOCX, ODS, XLSX, ODP, "
            "PPTX, PNG, JPEG, CSV ou TXT. Le type est vérifié d'après le contenu du fichier."
        ),
        error_messages={
            "required": _("Choisissez le fichier à joindre."),
            "empty": _("Le fichier est vide."),
        },
    )
    title = forms.CharField(
        label=_("Titre"),
        help_text=_("Laissez vide pour garder le nom du fichier."),
        max_length=200,
        required=False,
    )
