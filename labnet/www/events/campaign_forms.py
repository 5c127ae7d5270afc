"""Forms of the campaign pages and the agenda: the programme's filters, the proposal and
the review.

They read input only; `events.proposals` decides what is valid and says why.
"""

import datetime as dt
import zoneinfo
from dataclasses import replace

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from labnet.core.form_fields import (
    ConditionalCharField,
    ConditionalURLField,
    FrenchSortedModelChoiceField,
)
from labnet.core.text import model_max_length
from labnet.events.campaign_selectors import (
    PAST,
    UPCOMING,
    ProgrammeFilters,
    organiser_kind_choices,
)
from labnet.events.enums import Audience, EventFormat
from labnet.events.models import Campaign, Event
from labnet.events.proposals import required_messages
from labnet.labs.models import Lab
from labnet.organisations.models import Organisation
from labnet.territories.models import Department, Region
from labnet.territories.time_zones import TIME_ZONE_CHOICES
from labnet.www.cached_select import CachedSelect

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
INVALID_DATE = _("Saisissez une date valide, ex. 2026-11-24.")
INVALID_TIME = _("Saisissez une heure valide, ex. 14:30.")


class ProgrammeFilterForm(DsfrBaseForm):
    """The programme's filters (GET): every field optional; a wrong value is said, not
    silently dropped."""

    date_from = forms.DateField(
        label=_("À partir du"),
        required=False,
        widget=DATE_INPUT,
        error_messages={"invalid": INVALID_DATE},
    )
    date_to = forms.DateField(
        label=_("Jusqu'au"),
        required=False,
        widget=DATE_INPUT,
        error_messages={"invalid": INVALID_DATE},
    )
    region = FrenchSortedModelChoiceField(
        label=_("Région"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("Toutes les régions"),
        error_messages={"invalid_choice": _("Cette région n'existe pas.")},
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Tous les formats")), *EventFormat.choices],
        error_messages={"invalid_choice": _("Ce format n'existe pas.")},
    )
    audience = forms.ChoiceField(
        label=_("Public"),
        required=False,
        choices=[("", _("Tous les publics")), *Audience.choices],
        error_messages={"invalid_choice": _("Ce public n'existe pas.")},
    )
    organiser_kind = forms.ChoiceField(
        label=_("Organisé par"),
        required=False,
        choices=[("", _("Tous les organisateurs")), *organiser_kind_choices()],
        error_messages={"invalid_choice": _("Ce type d'organisateur n'existe pas.")},
    )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if first and last and last < first:
            self.add_error("date_to", _("Cette date est avant la date « À partir du »."))
        return cleaned

    # Form fields whose filter has another name.
    FILTER_NAMES = {"q": "text"}

    def filters(self) -> ProgrammeFilters:
        """The valid filters only: a wrong one is shown in error and not applied."""
        data = {}
        if self.is_bound:
            self.is_valid()
            # After validation, cleaned_data holds only the fields without errors.
            data = self.cleaned_data
        values = {}
        for name, field in self.fields.items():
            value = data.get(name)
            if value is None or value == "":
                continue
            if isinstance(field, forms.ModelChoiceField):
                # A filter holds the row's code or key, as it is written in the address.
                value = getattr(value, field.to_field_name or "pk")
            values[self.FILTER_NAMES.get(name, name)] = value
        return ProgrammeFilters(**values)


class AgendaFilterForm(ProgrammeFilterForm):
    """The agenda's filters: the programme's, plus what tells events apart across
    campaigns (the campaign, the organising lab, the department, words) and the period."""

    department = forms.ModelChoiceField(
        label=_("Département"),
        queryset=Department.objects.order_by("code"),
        required=False,
        widget=CachedSelect(key="agenda-department", model=Department),
        empty_label=_("Tous les départements"),
        error_messages={"invalid_choice": _("Ce département n'existe pas.")},
    )
    campaign = forms.ModelChoiceField(
        label=_("Campagne"),
        queryset=Campaign.objects.order_by("-starts_on", "name"),
        to_field_name="key",
        required=False,
        empty_label=_("Toutes les campagnes, et hors campagne"),
        error_messages={"invalid_choice": _("Cette campagne n'existe pas.")},
    )
    lab = forms.ModelChoiceField(
        label=_("Laboratoire organisateur"),
        queryset=Lab.objects.only("key", "name").order_by("name"),
        to_field_name="key",
        widget=CachedSelect(key="agenda-lab", model=Lab),
        required=False,
        empty_label=_("Tous les laboratoires"),
        error_messages={"invalid_choice": _("Ce laboratoire n'existe pas.")},
    )
    q = forms.CharField(
        label=_("Mots-clés"),
        help_text=_("Cherchés dans le titre, la description, le lieu et la commune."),
        max_length=100,
        required=False,
    )
    period = forms.ChoiceField(
        label=_("Période"),
        required=False,
        choices=[(UPCOMING, _("Événements à venir")), (PAST, _("Événements passés"))],
        # Chosen by the page's "upcoming / past" links; the form only carries it along.
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choisissez « à venir » ou « passés ».")},
    )

    def filters(self) -> ProgrammeFilters:
        """Upcoming events unless the past ones are asked for."""
        filters = super().filters()
        return replace(filters, period=filters.period or UPCOMING)


class ProposalForm(DsfrBaseForm):
    """An event proposed to a campaign, or edited by its organiser."""

    title = forms.CharField(label=_("Titre de l'événement"), max_length=200)
    format = forms.ChoiceField(
        label=_("Format"), choices=[("", _("— Choisir un format —")), *EventFormat.choices]
    )
    audience = forms.ChoiceField(
        label=_("Public visé"), choices=Audience.choices, initial=Audience.ALL_AGENTS
    )
    description = forms.CharField(
        max_length=model_max_length(Event, "description"),
        label=_("Description"),
        help_text=_("Le déroulé, ce que les participants en retireront, ce qu'il faut préparer."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    start_date = forms.DateField(
        label=_("Date de début"), widget=DATE_INPUT, error_messages={"invalid": INVALID_DATE}
    )
    start_time = forms.TimeField(
        label=_("Heure de début"), widget=TIME_INPUT, error_messages={"invalid": INVALID_TIME}
    )
    end_date = forms.DateField(
        label=_("Date de fin"), widget=DATE_INPUT, error_messages={"invalid": INVALID_DATE}
    )
    end_time = forms.TimeField(
        label=_("Heure de fin"), widget=TIME_INPUT, error_messages={"invalid": INVALID_TIME}
    )
    time_zone = forms.ChoiceField(
        label=_("Fuseau horaire"),
        help_text=_("Celui du lieu de l'événement : les heures ci-dessus y sont lues."),
        choices=TIME_ZONE_CHOICES,
        initial="Europe/Paris",
    )
    is_online = forms.BooleanField(label=_("L'événement a lieu en ligne"), required=False)
    online_url = ConditionalURLField(
        max_length=model_max_length(Event, "online_url"),
        label=_("Lien de connexion"),
        help_text=_(
            "Obligatoire pour un événement en ligne ; laissez vide sinon. Il n'est montré "
            "qu'aux personnes inscrites. Format : https://…"
        ),
        assume_scheme="https",
        error_messages={"invalid": _("Saisissez une adresse web valide, ex. https://…")},
    )
    venue = forms.CharField(label=_("Lieu"), max_length=200, required=False)
    address = forms.CharField(label=_("Adresse"), max_length=300, required=False)
    commune = ConditionalCharField(
        label=_("Commune"),
        max_length=120,
        help_text=_("Obligatoire pour un événement sur place ; laissez vide s'il a lieu en ligne."),
    )
    department = forms.ModelChoiceField(
        label=_("Département"),
        help_text=_("La région de l'événement en découle : le programme se filtre par région."),
        queryset=Department.objects.order_by("code"),
        required=False,
        widget=CachedSelect(key="event-department", model=Department),
        empty_label=_("— Choisir un département —"),
    )
    organiser_lab = forms.ModelChoiceField(
        label=_("Laboratoire organisateur"),
        help_text=_("L'un de vos laboratoires, s'il organise l'événement."),
        queryset=Lab.objects.none(),
        required=False,
        to_field_name="key",
        empty_label=_("— Aucun —"),
    )
    organiser_organisation = FrenchSortedModelChoiceField(
        label=_("Administration organisatrice"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        to_field_name="key",
        widget=CachedSelect(key="event-organisation", model=Organisation),
        empty_label=_("— Choisir une administration —"),
    )
    capacity = forms.IntegerField(
        label=_("Nombre de places"),
        help_text=_("Laisser vide si le nombre de places n'est pas limité."),
        required=False,
        min_value=1,
        error_messages={
            "invalid": _("Saisissez un nombre entier, ex. 30."),
            "min_value": _("Le nombre de places est d'au moins 1, ou laissez vide."),
        },
    )

    # Where the service's errors on the event's datetimes are shown.
    FIELD_MAP = {"starts_at": "start_date", "ends_at": "end_date"}

    def __init__(self, *args, labs=(), **kwargs):
        super().__init__(*args, **kwargs)
        messages = required_messages()
        for name, message in messages.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        for name in ("start_date", "start_time"):
            self.fields[name].error_messages["required"] = messages["starts_at"]
        for name in ("end_date", "end_time"):
            self.fields[name].error_messages["required"] = messages["ends_at"]
        lab_ids = [lab.pk for lab in labs]
        if lab_ids:
            self.fields["organiser_lab"].queryset = Lab.objects.filter(pk__in=lab_ids).order_by(
                "name"
            )
        else:
            del self.fields["organiser_lab"]

    @staticmethod
    def initial_from(event) -> dict:
        zone = event.zone
        starts, ends = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
        return {
            "title": event.title,
            "format": event.format,
            "audience": event.audience,
            "description": event.description,
            "start_date": starts.date(),
            "start_time": starts.time().replace(tzinfo=None),
            "end_date": ends.date(),
            "end_time": ends.time().replace(tzinfo=None),
            "time_zone": event.time_zone,
            "is_online": event.is_online,
            "online_url": event.online_url,
            "venue": event.venue,
            "address": event.address,
            "commune": event.commune,
            "department": event.department,
            "organiser_lab": event.organiser_lab,
            "organiser_organisation": event.organiser_organisation,
            "capacity": event.capacity,
        }

    def proposal_data(self) -> dict:
        """What the service takes: the dates and times read in the chosen zone."""
        data = dict(self.cleaned_data)
        zone = zoneinfo.ZoneInfo(data.pop("time_zone"))
        start_date, start_time = data.pop("start_date"), data.pop("start_time")
        end_date, end_time = data.pop("end_date"), data.pop("end_time")
        data["starts_at"] = dt.datetime.combine(start_date, start_time, tzinfo=zone)
        data["ends_at"] = dt.datetime.combine(end_date, end_time, tzinfo=zone)
        data["time_zone"] = str(zone)
        data.setdefault("organiser_lab", None)
        return data


class ReviewForm(DsfrBaseForm):
    """The coordination's message; the decision is the button pressed."""

    message = forms.CharField(
        max_length=model_max_length(Event, "review_message"),
        label=_("Message à l'organisateur"),
        help_text=_(
            "Obligatoire pour demander des modifications ou refuser : il est envoyé à "
            "l'organisateur avec la décision."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
