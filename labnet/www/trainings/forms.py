"""Forms of the trainings pages. They only read input; the services decide."""

import datetime as dt
import re
import zoneinfo

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from labnet.core.form_fields import LIST_MAX_LENGTH
from labnet.core.text import model_max_length
from labnet.territories.time_zones import TIME_ZONE_CHOICES
from labnet.trainings.models import Session


def _date_field(label, *, required=True, required_message=None):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": required_message or _("Indiquez la date."),
            "invalid": _("Saisissez une date valide, ex. 2026-12-03."),
        },
    )


def _time_field(label, *, required_message):
    return forms.TimeField(
        label=label,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": required_message,
            "invalid": _("Saisissez une heure valide, ex. 14:30."),
        },
    )


class CohortSettingsForm(DsfrBaseForm):
    capacity = forms.IntegerField(
        label=_("Nombre de places"),
        required=False,
        min_value=1,
        help_text=_("Laisser vide si le nombre de places n'est pas limité."),
        error_messages={
            "invalid": _("Saisissez un nombre entier, ex. 12."),
            "min_value": _("Indiquez au moins une place, ou laissez vide."),
        },
    )
    enrolment_open = forms.BooleanField(label=_("Inscriptions ouvertes"), required=False)


class SessionForm(DsfrBaseForm):
    """A session in its own local time; the service checks it ends after it starts."""

    title = forms.CharField(
        label=_("Intitulé"),
        max_length=200,
        error_messages={"required": _("Indiquez l'intitulé de la séance.")},
    )
    day = _date_field(_("Date"), required_message=_("Indiquez la date de la séance."))
    start_time = _time_field(_("Heure de début"), required_message=_("Indiquez l'heure de début."))
    end_day = _date_field(_("Date de fin (si la séance dure plusieurs jours)"), required=False)
    end_time = _time_field(_("Heure de fin"), required_message=_("Indiquez l'heure de fin."))
    time_zone = forms.ChoiceField(
        label=_("Fuseau horaire"), choices=TIME_ZONE_CHOICES, initial="Europe/Paris"
    )
    is_online = forms.BooleanField(label=_("En ligne"), required=False)
    online_url = forms.URLField(
        max_length=model_max_length(Session, "online_url"),
        label=_("Lien de connexion"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Saisissez une adresse web complète (https://…).")},
    )
    place = forms.CharField(label=_("Lieu"), max_length=300, required=False)

    # Where the service's errors go on this form.
    SERVICE_FIELDS = {"starts_at": "day", "ends_at": "end_time"}

    def service_data(self) -> dict:
        data = self.cleaned_data
        zone = zoneinfo.ZoneInfo(data["time_zone"])
        end_day = data.get("end_day") or data["day"]
        return {
            "title": data["title"],
            "starts_at": dt.datetime.combine(data["day"], data["start_time"], tzinfo=zone),
            "ends_at": dt.datetime.combine(end_day, data["end_time"], tzinfo=zone),
            "time_zone": data["time_zone"],
            "is_online": data["is_online"],
            "online_url": data["online_url"],
            "place": data["place"],
        }


DATE_LIST_SPLIT = re.compile(r"[\s,;]+")


class RecurrenceForm(DsfrBaseForm):
    title = forms.CharField(
        label=_("Intitulé des séances"),
        max_length=200,
        error_messages={"required": _("Indiquez l'intitulé des séances.")},
    )
    rule = forms.CharField(
        label=_("Règle de récurrence (RRULE)"),
        max_length=300,
        help_text=_(
            "Au format iCalendar : FREQ=MONTHLY;BYDAY=2TU pour le 2e mardi de chaque mois, "
            "FREQ=WEEKLY;BYDAY=TH pour chaque jeudi."
        ),
        error_messages={"required": _("Indiquez la règle de récurrence.")},
    )
    start_date = _date_field(
        _("Date de la première séance"), required_message=_("Indiquez la première séance.")
    )
    start_time = _time_field(_("Heure de début"), required_message=_("Indiquez l'heure de début."))
    duration_minutes = forms.IntegerField(
        label=_("Durée (minutes)"),
        min_value=1,
        max_value=24 * 60,
        error_messages={
            "required": _("Indiquez la durée des séances."),
            "invalid": _("Saisissez un nombre de minutes, ex. 120."),
            "min_value": _("Indiquez une durée d'au moins une minute."),
            "max_value": _("Une séance dure au plus 24 heures."),
        },
    )
    until = _date_field(_("Jusqu'au"), required=False)
    count = forms.IntegerField(
        label=_("Ou nombre de séances"),
        required=False,
        min_value=1,
        error_messages={
            "invalid": _("Saisissez un nombre entier, ex. 10."),
            "min_value": _("Indiquez au moins une séance."),
        },
    )
    time_zone = forms.ChoiceField(
        label=_("Fuseau horaire"), choices=TIME_ZONE_CHOICES, initial="Europe/Paris"
    )
    is_online = forms.BooleanField(label=_("En ligne"), required=False)
    place = forms.CharField(label=_("Lieu"), max_length=300, required=False)
    excluded_dates = forms.CharField(
        max_length=LIST_MAX_LENGTH,
        label=_("Dates sans séance"),
        required=False,
        help_text=_("Dates à exclure, séparées par des virgules, ex. 2026-08-11, 2026-12-08."),
    )

    def clean_excluded_dates(self) -> tuple[dt.date, ...]:
        raw = self.cleaned_data["excluded_dates"].strip()
        dates, wrong = [], []
        for item in filter(None, DATE_LIST_SPLIT.split(raw)):
            try:
                dates.append(dt.date.fromisoformat(item))
            except ValueError:
                wrong.append(item)
        if wrong:
            raise forms.ValidationError(
                _("Dates non reconnues : %(dates)s. Écrivez-les au format AAAA-MM-JJ.")
                % {"dates": ", ".join(wrong)}
            )
        return tuple(dates)


class AttendanceForm(DsfrBaseForm):
    present = forms.MultipleChoiceField(
        label=_("Présents à la séance"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cochez les personnes présentes ; les autres sont notées absentes."),
        error_messages={"invalid_choice": _("Cette personne n'est pas inscrite à la promotion.")},
    )

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(e.pk), e.user.full_name or e.user.email) for e in sheet
        ]
        if not self.is_bound:
            self.initial["present"] = [str(e.pk) for e in sheet if e.present]


class RecurrenceExceptionForm(DsfrBaseForm):
    """Skip one date of a recurrence, or move it: the other dates stay as the rule says."""

    session = forms.TypedChoiceField(
        label=_("Séance de la récurrence"),
        coerce=int,
        error_messages={
            "required": _("Choisissez la séance à déplacer ou à retirer."),
            "invalid_choice": _("Cette séance ne vient pas d'une récurrence de la promotion."),
        },
    )
    moved_to_date = _date_field(_("Nouvelle date (vide : la séance est retirée)"), required=False)
    moved_to_time = forms.TimeField(
        label=_("Nouvelle heure (vide : même heure)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Saisissez une heure valide, ex. 14:30.")},
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {s.pk: s for s in sessions if s.recurrence_id}
        self.fields["session"].choices = [("", "—")] + [
            (s.pk, f"{s.title} — {s.occurrence_date:%d/%m/%Y}") for s in self.sessions.values()
        ]

    def clean(self):
        data = super().clean()
        if data.get("moved_to_time") and not data.get("moved_to_date"):
            self.add_error("moved_to_date", _("Indiquez la nouvelle date de la séance."))
        return data

    def service_data(self) -> dict:
        session = self.sessions[self.cleaned_data["session"]]
        recurrence = session.recurrence
        day = self.cleaned_data["moved_to_date"]
        moved_to = None
        if day:
            moved_to = dt.datetime.combine(
                day, self.cleaned_data["moved_to_time"] or recurrence.start_time
            )
        return {
            "recurrence": recurrence,
            "occurrence_date": session.occurrence_date,
            "moved_to": moved_to,
        }


class SessionCancelForm(DsfrBaseForm):
    """One per session on the cohort's sessions page (prefixed by the session's id)."""

    reason = forms.CharField(
        required=False,
        max_length=300,
        error_messages={"max_length": _("300 caractères au plus.")},
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, prefix=f"cancel-{session.pk}", **kwargs)
        self.session_id = session.pk
        # One form per row: the label names its session, so each field is told apart.
        day = formats.date_format(session.starts_at.astimezone(session.zone), "j F Y")
        self.fields["reason"].label = _(
            "Motif d'annulation, %(session)s du %(day)s (facultatif)"
        ) % {
            "session": session.title,
            "day": day,
        }


class CertificateCheckForm(DsfrBaseForm):
    numero = forms.CharField(
        label=_("Numéro d'attestation"),
        help_text=_("Il figure sur l'attestation, ex. LN-2026-1A2B3C4D5E6F7A8B."),
        max_length=32,
        error_messages={
            "required": _("Indiquez le numéro de l'attestation."),
            "max_length": _("Le numéro compte 32 caractères au plus."),
        },
    )
