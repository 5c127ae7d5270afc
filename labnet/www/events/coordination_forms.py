"""Forms of the coordination's pages: a campaign, and an event it publishes itself.

They read input only; `events.coordination` decides what is valid and says why.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from labnet.core.form_fields import FrenchSortedModelChoiceField
from labnet.core.text import model_max_length
from labnet.events.coordination import campaign_required_messages
from labnet.events.enums import CampaignKind
from labnet.events.models import Campaign
from labnet.labs.models import Lab
from labnet.organisations.models import Organisation
from labnet.territories.models import Region
from labnet.www.cached_select import CachedSelect

from .campaign_forms import DATE_INPUT, INVALID_DATE, ProposalForm


class CampaignForm(DsfrBaseForm):
    name = forms.CharField(
        label=_("Nom de la campagne"),
        help_text=_("Ex. « Mois de l'innovation publique »."),
        max_length=200,
    )
    kind = forms.ChoiceField(
        label=_("Nature"), choices=[("", _("— Choisir —")), *CampaignKind.choices]
    )
    edition = forms.IntegerField(
        label=_("Édition"),
        help_text=_("Le numéro de l'édition, ex. 7."),
        required=False,
        min_value=1,
        max_value=1000,
        error_messages={
            "invalid": _("Saisissez un nombre entier, ex. 7."),
            "min_value": _("Le numéro d'édition est au moins 1."),
            "max_value": _("Le numéro d'édition est au plus 1000."),
        },
    )
    starts_on = forms.DateField(
        label=_("Début"),
        help_text=_("Les événements proposés doivent se tenir entre le début et la fin."),
        required=False,
        widget=DATE_INPUT,
        error_messages={"invalid": INVALID_DATE},
    )
    ends_on = forms.DateField(
        label=_("Fin"), required=False, widget=DATE_INPUT, error_messages={"invalid": INVALID_DATE}
    )
    region = FrenchSortedModelChoiceField(
        label=_("Région"),
        help_text=_("Pour un programme régional ; laissez vide pour une campagne nationale."),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("— Toute la France —"),
    )
    organiser = FrenchSortedModelChoiceField(
        label=_("Administration organisatrice"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        to_field_name="key",
        widget=CachedSelect(key="campaign-organisation", model=Organisation),
        empty_label=_("— Aucune —"),
    )
    description = forms.CharField(
        max_length=model_max_length(Campaign, "description"),
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    accepts_proposals = forms.BooleanField(
        label=_("Ouverte aux propositions d'événements"),
        help_text=_(
            "Les agents peuvent proposer leurs événements ; la coordination les relit avant "
            "publication."
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in campaign_required_messages().items():
            self.fields[name].error_messages["required"] = message

    @staticmethod
    def initial_from(campaign: Campaign) -> dict:
        return {
            "name": campaign.name,
            "kind": campaign.kind,
            "edition": campaign.edition,
            "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on,
            "region": campaign.region,
            "organiser": campaign.organiser,
            "description": campaign.description,
            "accepts_proposals": campaign.accepts_proposals,
        }


class CoordinationEventForm(ProposalForm):
    """The proposal's fields, and the campaign it belongs to, if any."""

    campaign = forms.ModelChoiceField(
        label=_("Campagne"),
        help_text=_("Laissez vide pour un événement hors campagne."),
        queryset=Campaign.objects.order_by("-starts_on", "name"),
        required=False,
        to_field_name="key",
        empty_label=_("— Hors campagne —"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.pop("labs", None)
        super().__init__(*args, labs=(), **kwargs)
        # The coordination may put any lab's name on its event.
        self.fields["organiser_lab"] = forms.ModelChoiceField(
            label=_("Laboratoire organisateur"),
            queryset=Lab.objects.only("pk", "key", "name").order_by("name"),
            required=False,
            to_field_name="key",
            widget=CachedSelect(key="event-any-lab", model=Lab),
            empty_label=_("— Aucun —"),
        )

    def proposal_data(self) -> dict:
        data = super().proposal_data()
        data.pop("campaign", None)
        return data
