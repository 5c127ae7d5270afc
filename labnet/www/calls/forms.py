"""Forms of the calls pages. They only parse what was typed (the questions and criteria
"one per line", the reviewers' addresses); the services decide and say in French what is
wrong. Forms built from a call (answers, reviews) name their fields `q_<id>` / `c_<id>`,
the keys the services' errors use."""

import re

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from labnet.calls.enums import AnswerDecision, CallKind, QuestionKind
from labnet.calls.models import Answer, Call, Review
from labnet.core.form_fields import LIST_MAX_LENGTH, FrenchSortedModelChoiceField
from labnet.core.text import model_max_length
from labnet.labs.models import Lab
from labnet.organisations.models import Organisation
from labnet.projects.documents import allowed_extensions_label, max_upload_bytes
from labnet.www.widgets import LongSelect

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
OPTIONAL_MARK = "(facultatif)"
SHORT_MARK = "(courte)"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def _datetime_field(label, help_text):
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        error_messages={
            "required": _("Indiquez une date et une heure."),
            "invalid": _("Saisissez une date et une heure valides, ex. 14/03/2026 12:00."),
        },
    )


def questions_to_text(questions) -> str:
    lines = []
    for q in questions:
        marks = ("" if q.required else f"{OPTIONAL_MARK} ") + (
            f"{SHORT_MARK} " if q.kind == QuestionKind.TEXT else ""
        )
        lines.append(f"{marks}{q.label}")
    return "\n".join(lines)


def criteria_to_text(criteria) -> str:
    return "\n".join(f"{c.label} ; {c.weight} ; {c.max_score}" for c in criteria)


class CallForm(DsfrBaseForm):
    title = forms.CharField(
        label=_("Titre de l'appel"),
        max_length=200,
        error_messages={"required": _("Donnez un titre à l'appel.")},
    )
    kind = forms.ChoiceField(
        label=_("Nature de l'appel"),
        choices=CallKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez la nature de l'appel.")},
    )
    owner_lab = forms.ModelChoiceField(
        label=_("Laboratoire porteur"),
        queryset=Lab.objects.none(),
        to_field_name="key",
        required=False,
        # Every lab of the network for the coordination: written in one pass.
        widget=LongSelect,
    )
    challenge_organisation = FrenchSortedModelChoiceField(
        label=_("Administration qui pose le défi"),
        help_text=_("Pour un défi d'une administration centrale seulement."),
        queryset=Organisation.objects.order_by("name"),
        to_field_name="key",
        required=False,
        empty_label=_("— Aucune —"),
        widget=LongSelect,
    )
    summary = forms.CharField(
        max_length=model_max_length(Call, "summary"),
        label=_("Présentation"),
        help_text=_("L'objet de l'appel, ce qui est attendu, ce que le laboratoire apporte."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Présentez l'appel : son objet, ce qui est attendu.")},
    )
    eligibility = forms.CharField(
        max_length=model_max_length(Call, "eligibility"),
        label=_("Qui peut répondre"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    opens_at = _datetime_field(_("Ouverture"), _("Heure de Paris."))
    closes_at = _datetime_field(_("Clôture"), _("Heure de Paris. Les réponses arrivent avant."))
    questions = forms.CharField(
        max_length=LIST_MAX_LENGTH,
        label=_("Questions posées"),
        help_text=_(
            "Une question par ligne. Commencez la ligne par « (facultatif) » pour une question "
            "facultative, par « (courte) » pour une réponse en une ligne."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    criteria = forms.CharField(
        max_length=LIST_MAX_LENGTH,
        label=_("Critères d'évaluation"),
        help_text=_(
            "Un critère par ligne : « libellé ; coefficient ; note maximale », ex. "
            "« Intérêt pour les usagers ; 2 ; 5 ». Sans précision : coefficient 1, note sur 5."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reviewers = forms.CharField(
        max_length=LIST_MAX_LENGTH,
        label=_("Évaluateurs"),
        help_text=_(
            "Les adresses électroniques de leurs comptes LabNet, une par ligne ou séparées par "
            "des virgules."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, labs, national_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["owner_lab"]
        # Shown, not chosen: an option needs its key and name only (a thousand labs and
        # five hundred organisations for the coordination).
        field.queryset = labs if self.is_bound else labs.only("pk", "key", "name")
        if not self.is_bound:
            organisations = self.fields["challenge_organisation"]
            organisations.queryset = organisations.queryset.only("pk", "key", "name")
        if national_allowed:
            field.empty_label = _("— Appel national (coordination) —")
            field.help_text = _("Sans laboratoire : un appel national de la coordination.")
        else:
            field.required = True
            field.empty_label = None
            field.error_messages["required"] = _("Choisissez le laboratoire porteur.")

    @classmethod
    def initial_for(cls, call: Call) -> dict:
        return {
            "title": call.title,
            "kind": call.kind,
            "owner_lab": call.owner_lab,
            "challenge_organisation": call.challenge_organisation,
            "summary": call.summary,
            "eligibility": call.eligibility,
            "opens_at": call.opens_at,
            "closes_at": call.closes_at,
            "questions": questions_to_text(call.questions.all()),
            "criteria": criteria_to_text(call.criteria.all()),
            "reviewers": "\n".join(u.email for u in call.reviewers.all()),
        }

    def clean_questions(self) -> list[dict]:
        parsed = []
        for line in self.cleaned_data["questions"].splitlines():
            label, required, kind = line.strip(), True, QuestionKind.LONG_TEXT
            changed = True
            while changed:
                changed = False
                if label.lower().startswith(OPTIONAL_MARK):
                    label, required, changed = label[len(OPTIONAL_MARK) :].strip(), False, True
                if label.lower().startswith(SHORT_MARK):
                    label, kind, changed = label[len(SHORT_MARK) :].strip(), QuestionKind.TEXT, True
            if label:
                parsed.append({"label": label, "required": required, "kind": kind})
        return parsed

    def clean_criteria(self) -> list[dict]:
        parsed = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            row = {"label": parts[0], "weight": 1, "max_score": 5}
            for name, value, what in (
                ("weight", parts[1] if len(parts) > 1 else "", _("le coefficient")),
                ("max_score", parts[2] if len(parts) > 2 else "", _("la note maximale")),
            ):
                if not value:
                    continue
                if not value.isdigit():
                    raise forms.ValidationError(
                        _("Ligne %(line)s : %(what)s « %(value)s » n'est pas un nombre entier.")
                        % {"line": number, "what": what, "value": value}
                    )
                row[name] = int(value)
            parsed.append(row)
        return parsed

    def clean_reviewers(self) -> list[str]:
        emails = [e for e in re.split(r"[\s,;]+", self.cleaned_data["reviewers"]) if e]
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("« %(email)s » n'est pas une adresse électronique valide.") % {"email": email}
                ) from None
        return emails

    def call_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (
                "title",
                "kind",
                "owner_lab",
                "challenge_organisation",
                "summary",
                "eligibility",
                "opens_at",
                "closes_at",
            )
        }


class CallFilterForm(DsfrBaseForm):
    kind = forms.ChoiceField(
        label=_("Nature"),
        choices=[("", _("Toutes")), *CallKind.choices],
        required=False,
    )


class AnswerForm(DsfrBaseForm):
    """The call's questions; nothing is required to save a draft (sending checks)."""

    title = forms.CharField(
        label=_("Titre de votre réponse"),
        help_text=_("Obligatoire pour envoyer."),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Le titre tient en 200 caractères au plus.")},
    )

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(call.questions.all())
        for question in self.questions:
            widget = (
                forms.TextInput()
                if question.kind == QuestionKind.TEXT
                else forms.Textarea(attrs={"rows": 6})
            )
            help_parts = [question.help_text] if question.help_text else []
            help_parts.append(
                str(_("Obligatoire pour envoyer.")) if question.required else str(_("Facultatif."))
            )
            self.fields[question.field_name] = forms.CharField(
                label=question.label,
                help_text=" ".join(help_parts),
                required=False,
                widget=widget,
            )

    @staticmethod
    def initial_for(answer) -> dict:
        initial = {"title": answer.title}
        for key, text in (answer.responses or {}).items():
            initial[f"q_{key}"] = text
        return initial

    def responses(self) -> dict:
        return {q.pk: self.cleaned_data.get(q.field_name, "") for q in self.questions}


class CoauthorForm(DsfrBaseForm):
    email = forms.EmailField(
        label=_("Adresse électronique du co-auteur"),
        help_text=_("La personne doit avoir un compte LabNet."),
        error_messages={
            "required": _("Indiquez l'adresse électronique du co-auteur."),
            "invalid": _("Saisissez une adresse électronique valide."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="coauthor", **kwargs)


class AttachmentForm(DsfrBaseForm):
    file = forms.FileField(
        label=_("Pièce jointe"),
        error_messages={
            "required": _("Choisissez le fichier à joindre."),
            "empty": _("Le fichier est vide."),
            "invalid": _("Le fichier n'a pas pu être lu : déposez-le à nouveau."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="attachment", **kwargs)
        self.fields["file"].help_text = _(
            "Formats acceptés : %(formats)s. Taille maximale : %(max)s Mo."
        ) % {"formats": allowed_extensions_label(), "max": max_upload_bytes() // (1024 * 1024)}


class ReviewForm(DsfrBaseForm):
    comment = forms.CharField(
        max_length=model_max_length(Review, "comment"),
        label=_("Commentaire privé"),
        help_text=_("Lu par les porteurs de l'appel seulement, jamais par les auteurs."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(call.criteria.all())
        comment = self.fields.pop("comment")
        for criterion in self.criteria:
            self.fields[criterion.field_name] = forms.IntegerField(
                label=criterion.label,
                help_text=_("Note de 0 à %(max)s (coefficient %(weight)s).")
                % {"max": criterion.max_score, "weight": criterion.weight},
                required=False,
                min_value=0,
                max_value=criterion.max_score,
                error_messages={
                    "invalid": _("La note est un nombre entier de 0 à %(max)s.")
                    % {"max": criterion.max_score},
                    "min_value": _("La note va de 0 à %(max)s.") % {"max": criterion.max_score},
                    "max_value": _("La note va de 0 à %(max)s.") % {"max": criterion.max_score},
                },
            )
        self.fields["comment"] = comment

    @staticmethod
    def initial_for(review) -> dict:
        if review is None:
            return {}
        initial = {"comment": review.comment}
        for score in review.scores.all():
            initial[f"c_{score.criterion_id}"] = score.score
        return initial

    def scores(self) -> dict:
        return {c.pk: self.cleaned_data.get(c.field_name) for c in self.criteria}


class DecisionForm(DsfrBaseForm):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=AnswerDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez d'accepter ou de refuser.")},
    )
    message = forms.CharField(
        max_length=model_max_length(Answer, "decision_message"),
        label=_("Message aux auteurs"),
        help_text=_("Envoyé par courriel avec la décision. Obligatoire pour un refus."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    lab = forms.ModelChoiceField(
        label=_("Laboratoire qui accueille la réponse"),
        help_text=_("Un appel national n'a pas de laboratoire porteur : choisissez-en un."),
        queryset=Lab.objects.order_by("name"),
        to_field_name="key",
        required=False,
        empty_label=_("— Choisir —"),
    )

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        if call.owner_lab_id is not None:
            del self.fields["lab"]
