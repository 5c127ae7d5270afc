"""Campaigns, their live figures and programme, and the proposals sent to them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labnet.core.text import model_max_length
from labnet.events.campaign_selectors import ProgrammeFilters, figures_of, organiser_kind_choices
from labnet.events.enums import Audience, EventFormat
from labnet.events.models import Campaign, Event
from labnet.events.proposals import ReviewDecision
from labnet.labs.models import Lab
from labnet.organisations.models import Organisation
from labnet.territories.models import Department, Region
from labnet.territories.time_zones import TIME_ZONE_CHOICES

from .base import ModelSerializer
from .fields import PageUrlField, SafeSlugRelatedField, optional_reference
from .refs import LabRefSerializer, OrganisationRefSerializer, RegionRefSerializer


class CampaignFiguresSerializer(serializers.Serializer):
    event_count = serializers.IntegerField(help_text="Événements publics de la campagne.")
    registration_count = serializers.IntegerField(
        help_text="Inscriptions confirmées à ces événements."
    )
    lab_event_count = serializers.IntegerField(help_text="Événements organisés par un lab.")
    lab_event_share = serializers.IntegerField(
        allow_null=True,
        help_text="Part (%) des événements organisés par un lab ; null sans événement.",
    )


class StatedFiguresSerializer(serializers.Serializer):
    event_count = serializers.IntegerField(
        source="stated_event_count", allow_null=True, help_text="Annoncé par la source."
    )
    lab_event_share = serializers.IntegerField(
        source="stated_lab_event_share", allow_null=True, help_text="Annoncé par la source (%)."
    )


class CampaignSerializer(ModelSerializer):
    """A campaign with its figures: stated by its sources, and computed live."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    region = RegionRefSerializer(read_only=True, allow_null=True)
    organiser = OrganisationRefSerializer(read_only=True, allow_null=True)
    source = serializers.SlugRelatedField(read_only=True, slug_field="key", allow_null=True)
    stated_figures = StatedFiguresSerializer(source="*", read_only=True)
    live_figures = serializers.SerializerMethodField()
    url = PageUrlField(help_text="Page de la campagne et de son programme.")

    class Meta:
        model = Campaign
        fields = [
            "key",
            "name",
            "kind",
            "kind_label",
            "edition",
            "starts_on",
            "ends_on",
            "region",
            "organiser",
            "description",
            "accepts_proposals",
            "stated_figures",
            "live_figures",
            "source",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(CampaignFiguresSerializer)
    def get_live_figures(self, campaign):
        figures = figures_of(campaign)
        return {
            "event_count": figures.event_count,
            "registration_count": figures.registration_count,
            "lab_event_count": figures.lab_event_count,
            "lab_event_share": figures.lab_event_share,
        }


class ProgrammeEventSerializer(ModelSerializer):
    """An event as a programme lists it (public fields only: no connection link)."""

    # A plain string, not an enum: its name would collide with the other `status` enums.
    status = serializers.CharField(read_only=True, help_text="`published` ou `cancelled`.")
    format_label = serializers.CharField(source="get_format_display", read_only=True)
    audience_label = serializers.CharField(source="get_audience_display", read_only=True)
    organiser_lab = LabRefSerializer(read_only=True, allow_null=True)
    organiser_organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    region = RegionRefSerializer(read_only=True, allow_null=True)
    department = serializers.CharField(
        source="department_id", read_only=True, allow_null=True, help_text="Code INSEE."
    )
    url = PageUrlField(help_text="Page de l'événement (inscription).")

    class Meta:
        model = Event
        fields = [
            "key",
            "title",
            "status",
            "format",
            "format_label",
            "audience",
            "audience_label",
            "description",
            "starts_at",
            "ends_at",
            "time_zone",
            "is_online",
            "venue",
            "commune",
            "department",
            "region",
            "organiser_lab",
            "organiser_organisation",
            "capacity",
            "url",
        ]
        read_only_fields = fields


class ProposalSerializer(ModelSerializer):
    """A proposal as its organiser and the coordination see it."""

    status = serializers.CharField(
        read_only=True,
        help_text="`proposed`, `changes_requested`, `refused`, `published` ou `cancelled`.",
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    campaign = serializers.SlugRelatedField(read_only=True, slug_field="key")
    organiser_lab = LabRefSerializer(read_only=True, allow_null=True)
    organiser_organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    region = RegionRefSerializer(read_only=True, allow_null=True)
    department = serializers.CharField(
        source="department_id", read_only=True, allow_null=True, help_text="Code INSEE."
    )

    class Meta:
        model = Event
        fields = [
            "key",
            "title",
            "status",
            "status_label",
            "review_message",
            "campaign",
            "format",
            "audience",
            "description",
            "starts_at",
            "ends_at",
            "time_zone",
            "is_online",
            "online_url",
            "venue",
            "address",
            "commune",
            "department",
            "region",
            "organiser_lab",
            "organiser_organisation",
            "capacity",
        ]
        read_only_fields = fields


class ProgrammeQuerySerializer(serializers.Serializer):
    """The programme's filters, as query parameters."""

    date_from = serializers.DateField(required=False, help_text="AAAA-MM-JJ / YYYY-MM-DD.")
    date_to = serializers.DateField(required=False, help_text="AAAA-MM-JJ / YYYY-MM-DD.")
    region = SafeSlugRelatedField(
        slug_field="code",
        queryset=Region.objects.all(),
        required=False,
        error_messages={"does_not_exist": "Région inconnue : « {value} »."},
        help_text="Code INSEE de la région / INSEE region code.",
    )
    # Not `format`: DRF reads that query parameter as the response format.
    event_format = serializers.ChoiceField(
        choices=EventFormat.choices,
        required=False,
        error_messages={"invalid_choice": "Format inconnu : « {input} »."},
        help_text="Format de l'événement / event format.",
    )
    audience = serializers.ChoiceField(
        choices=Audience.choices,
        required=False,
        error_messages={"invalid_choice": "Public inconnu : « {input} »."},
    )
    organiser_kind = serializers.ChoiceField(
        choices=organiser_kind_choices(),
        required=False,
        error_messages={"invalid_choice": "Type d'organisateur inconnu : « {input} »."},
        help_text="`lab`, ou la nature de l'administration organisatrice / or the organising "
        "administration's kind.",
    )

    def validate(self, attrs):
        first, last = attrs.get("date_from"), attrs.get("date_to")
        if first and last and last < first:
            raise serializers.ValidationError(
                {"date_to": "Cette date est avant la date de début du filtre (date_from)."}
            )
        return attrs

    def filters(self) -> ProgrammeFilters:
        data = self.validated_data
        region = data.get("region")
        return ProgrammeFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            region=region.code if region else "",
            format=data.get("event_format", ""),
            audience=data.get("audience", ""),
            organiser_kind=data.get("organiser_kind", ""),
        )


class ProposalCreateSerializer(serializers.Serializer):
    """A proposal; the service checks the rules (dates, place or link, organiser)."""

    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    format = serializers.ChoiceField(
        choices=EventFormat.choices,
        error_messages={"invalid_choice": "Format inconnu : « {input} »."},
    )
    audience = serializers.ChoiceField(
        choices=Audience.choices,
        required=False,
        default=Audience.ALL_AGENTS,
        error_messages={"invalid_choice": "Public inconnu : « {input} »."},
    )
    description = serializers.CharField(
        max_length=model_max_length(Event, "description"),
        required=False,
        allow_blank=True,
        default="",
    )
    starts_at = serializers.DateTimeField(help_text="ISO 8601 avec décalage / with offset.")
    ends_at = serializers.DateTimeField(help_text="ISO 8601 avec décalage / with offset.")
    time_zone = serializers.ChoiceField(
        choices=TIME_ZONE_CHOICES,
        required=False,
        default="Europe/Paris",
        error_messages={"invalid_choice": "Fuseau horaire inconnu : « {input} »."},
    )
    is_online = serializers.BooleanField(required=False, default=False)
    online_url = serializers.URLField(
        max_length=model_max_length(Event, "online_url"),
        required=False,
        allow_blank=True,
        default="",
    )
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    commune = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    department = optional_reference(
        Department.objects.select_related("region"),
        unknown="Département inconnu : « {value} ».",
        slug_field="code",
        help_text="Code INSEE du département ; la région en découle.",
    )
    organiser_lab = optional_reference(
        Lab.objects.all(),
        unknown="Laboratoire inconnu : « {value} ».",
        help_text="Clé d'un laboratoire dont l'appelant fait partie.",
    )
    organiser_organisation = optional_reference(
        Organisation.objects.all(), unknown="Organisation inconnue : « {value} »."
    )
    capacity = serializers.IntegerField(required=False, allow_null=True, default=None)


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[
            (ReviewDecision.VALIDATE, "valider et publier / validate and publish"),
            (ReviewDecision.REQUEST_CHANGES, "demander des modifications / ask for changes"),
            (ReviewDecision.REFUSE, "refuser / refuse"),
        ],
        error_messages={"invalid_choice": "Décision inconnue : « {input} »."},
    )
    message = serializers.CharField(
        max_length=model_max_length(Event, "review_message"),
        required=False,
        allow_blank=True,
        default="",
        help_text="Envoyé à l'organisateur ; obligatoire pour request_changes et refuse.",
    )
