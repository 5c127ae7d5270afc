"""Events and registrations in API v1.

Times are given with the offset of the event's own zone (`time_zone`), as on the page. The
connection link of an online event (`online_url`) is null unless the caller holds a
confirmed place or organises the event: the view passes those event ids in the context.
"""

from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labnet.events.enums import Audience, EventFormat, EventStatus, RegistrationStatus
from labnet.events.models import Event, Registration
from labnet.events.selectors import places_left_of

from .base import ModelSerializer
from .fields import absolute_url
from .refs import LabRefSerializer, OrganisationRefSerializer, RegionRefSerializer


@extend_schema_field(OpenApiTypes.DATETIME)
class LocalDateTimeField(serializers.Field):
    """An instant written in the event's zone (e.g. 2026-10-26T10:00:00+01:00)."""

    def __init__(self, *, event_path: str = "", **kwargs):
        self.event_path = event_path
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        event = instance
        for name in filter(None, self.event_path.split(".")):
            event = getattr(event, name)
        return event.zone, getattr(event, self.field_name)

    def to_representation(self, value):
        zone, instant = value
        return instant.astimezone(zone).isoformat()


class ChoiceLabelField(serializers.CharField):
    """The label of a choice field's value (what `get_<field>_display` gives), read from a
    table built once: DRF calling `get_<field>_display` inspects the method's signature
    for every row, most of the time of a page of 50 events."""

    def __init__(self, *, choices, **kwargs):
        self.labels = dict(choices)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return str(self.labels.get(value, value))


class _EventPaths:
    """An event's page and calendar paths, reversed once per language for a whole list
    (a page of 50 events reversed them 100 times)."""

    PLACEHOLDER = "event-key-placeholder"

    def __init__(self):
        self._templates = {}

    def path(self, name: str, key: str) -> str:
        language = get_language()
        template = self._templates.get((name, language))
        if template is None:
            template = reverse(name, kwargs={"key": self.PLACEHOLDER})
            self._templates[(name, language)] = template
        return template.replace(self.PLACEHOLDER, key, 1)


class CampaignRefSerializer(serializers.Serializer):
    key = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class EventSerializer(ModelSerializer):
    format_label = ChoiceLabelField(source="format", choices=EventFormat.choices)
    audience_label = ChoiceLabelField(source="audience", choices=Audience.choices)
    status_label = ChoiceLabelField(source="status", choices=EventStatus.choices)
    campaign = CampaignRefSerializer(read_only=True, allow_null=True)
    organiser_lab = LabRefSerializer(read_only=True, allow_null=True)
    organiser_organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    region = RegionRefSerializer(read_only=True, allow_null=True)
    department = serializers.CharField(
        source="department_id", read_only=True, allow_null=True, help_text="Code INSEE."
    )
    starts_at = LocalDateTimeField(help_text="Début, avec le décalage du fuseau de l'événement.")
    ends_at = LocalDateTimeField(help_text="Fin, avec le décalage du fuseau de l'événement.")
    places_left = serializers.SerializerMethodField(
        help_text="Places restantes ; null si le nombre de places n'est pas limité."
    )
    online_url = serializers.SerializerMethodField(
        help_text="Lien de connexion : pour les inscrits confirmés et les organisateurs."
    )
    url = serializers.SerializerMethodField(help_text="Page de l'événement.")
    ics_url = serializers.SerializerMethodField(help_text="Fichier iCalendar de l'événement.")

    class Meta:
        model = Event
        fields = [
            "key",
            "title",
            "format",
            "format_label",
            "audience",
            "audience_label",
            "description",
            "status",
            "status_label",
            "campaign",
            "organiser_lab",
            "organiser_organisation",
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
            "capacity",
            "places_left",
            "registration_open",
            "url",
            "ics_url",
        ]
        read_only_fields = fields

    def get_places_left(self, event) -> int | None:
        return places_left_of(event)

    def get_online_url(self, event) -> str | None:
        if (
            event.is_online
            and event.online_url
            and event.pk in self.context.get("online_event_ids", ())
        ):
            return event.online_url
        return None

    def _path(self, name: str, event) -> str:
        paths = self.__dict__.setdefault("_paths", _EventPaths())
        return paths.path(name, event.key)

    def get_url(self, event) -> str:
        return absolute_url(self.context, self._path("events:event_detail", event))

    def get_ics_url(self, event) -> str:
        return absolute_url(self.context, self._path("events:event_ics", event))


class RegistrationEventSerializer(ModelSerializer):
    starts_at = LocalDateTimeField()
    ends_at = LocalDateTimeField()
    is_cancelled = serializers.SerializerMethodField(help_text="L'événement est annulé.")

    class Meta:
        model = Event
        fields = ["key", "title", "starts_at", "ends_at", "time_zone", "is_online", "is_cancelled"]
        read_only_fields = fields

    def get_is_cancelled(self, event) -> bool:
        return event.status == EventStatus.CANCELLED


# The registration statuses are described once (in `Registration`); the attendee rows give
# the same codes, documented inline so that the schema has a single enum of that name.
@extend_schema_field(
    {"type": "string", "enum": RegistrationStatus.values, "description": "Statut / status."}
)
class _AttendeeStatusField(serializers.CharField):
    pass


class RegistrationSerializer(ModelSerializer):
    """One's own registration (never someone else's)."""

    event = RegistrationEventSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    online_url = serializers.SerializerMethodField(
        help_text="Lien de connexion d'un événement en ligne, une fois la place confirmée."
    )
    ics_url = serializers.SerializerMethodField(
        help_text="Votre fichier iCalendar (avec le lien de connexion une fois confirmé)."
    )

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "status",
            "status_label",
            "position",
            "attendance",
            "full_name",
            "email",
            "organisation_name",
            "online_url",
            "ics_url",
            "created_at",
            "confirmed_at",
            "cancelled_at",
        ]
        read_only_fields = fields

    def get_online_url(self, registration) -> str | None:
        event = registration.event
        if (
            registration.status == RegistrationStatus.CONFIRMED
            and event.is_online
            and event.online_url
        ):
            return event.online_url
        return None

    def get_ics_url(self, registration) -> str | None:
        if registration.status == RegistrationStatus.CANCELLED:
            return None
        # The calendar-only secret: this address may end up in a shared calendar.
        path = reverse("events:registration_ics", kwargs={"token": registration.ics_token})
        return absolute_url(self.context, path)


class AttendeeSerializer(ModelSerializer):
    """A row of the attendee list: organisers only (personal data)."""

    status = _AttendeeStatusField(read_only=True)
    status_label = ChoiceLabelField(source="status", choices=RegistrationStatus.choices)

    class Meta:
        model = Registration
        fields = [
            "id",
            "full_name",
            "email",
            "organisation_name",
            "status",
            "status_label",
            "position",
            "attendance",
            "created_at",
        ]
        read_only_fields = fields
