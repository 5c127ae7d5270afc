"""Forms of the event pages: a visitor's registration, the organiser's attendance sheet and
number of places. They only read input; `labnet.events.registrations` decides."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from labnet.core.form_fields import MESSAGE_MAX_LENGTH
from labnet.events.enums import Attendance


class VisitorRegistrationForm(DsfrBaseForm):
    full_name = forms.CharField(
        label=_("Prénom et nom"),
        max_length=200,
        error_messages={"required": _("Indiquez vos prénom et nom.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Adresse électronique"),
        help_text=_("Le lien pour confirmer votre inscription y est envoyé."),
        error_messages={
            "required": _(
                "Indiquez votre adresse électronique : le lien de confirmation y sera envoyé."
            ),
            "invalid": _("Saisissez une adresse électronique valide, par exemple nom@exemple.fr."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation_name = forms.CharField(
        label=_("Administration"),
        help_text=_("Votre administration ou votre service, ex. « Préfecture de l'Eure »."),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )


class CapacityForm(DsfrBaseForm):
    capacity = forms.IntegerField(
        label=_("Nombre de places"),
        help_text=_("Laisser vide si le nombre de places n'est pas limité."),
        required=False,
        min_value=1,
        error_messages={
            "min_value": _("Le nombre de places doit être d'au moins 1."),
            "invalid": _("Saisissez un nombre entier, ex. 30."),
        },
    )


class EventCancelForm(DsfrBaseForm):
    reason = forms.CharField(
        max_length=MESSAGE_MAX_LENGTH,
        label=_("Motif de l'annulation"),
        help_text=_("Il est envoyé par courriel à chaque personne inscrite ou en attente."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _(
                "Dites pourquoi l'événement est annulé : le message est envoyé aux inscrits."
            )
        },
    )


class _SheetField:
    """What the sheet's template reads of a row's field: its id, HTML and errors."""

    def __init__(self, bound, html):
        self.id_for_label = bound.id_for_label
        self.errors = bound.errors
        self.html = html

    def __str__(self):
        return self.html


class AttendanceForm(DsfrBaseForm):
    """One choice per confirmed registration, all sent in one form."""

    def __init__(self, *args, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = list(registrations)
        for registration in self.registrations:
            self.fields[self.field_name(registration)] = forms.ChoiceField(
                label=registration.full_name,
                choices=Attendance.choices,
                required=False,
                widget=forms.Select(attrs={"class": "fr-select"}),
                initial=registration.attendance,
            )

    @staticmethod
    def field_name(registration) -> str:
        return f"attendance_{registration.pk}"

    def rows(self):
        """(registration, field) pairs for the table; each field's `html` is its select
        written in one pass (Django renders a template per option: 50 rows of the sheet
        cost 70 ms that way), the same HTML as the widget's."""
        rows = []
        for registration in self.registrations:
            bound = self[self.field_name(registration)]
            value = bound.value() or ""
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (choice, " selected" if choice == value else "", label)
                    for choice, label in Attendance.choices
                ),
            )
            invalid = (
                format_html(' aria-invalid="true" aria-describedby="{}_error"', bound.id_for_label)
                if bound.errors
                else ""
            )
            html = format_html(
                '<select name="{}" class="fr-select" id="{}"{}>{}</select>',
                bound.html_name,
                bound.id_for_label,
                invalid,
                options,
            )
            rows.append((registration, _SheetField(bound, html)))
        return rows

    def marks(self) -> dict[int, str]:
        return {r.pk: self.cleaned_data.get(self.field_name(r)) or "" for r in self.registrations}
