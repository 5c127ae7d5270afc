"""API v1 of the events domain: views and their routes (included by labnet/api/urls.py).

Events here: the public list and detail (published and cancelled events, soonest first),
registering the caller, one's own registrations and their cancellation, and the attendee
list for the organisers. Writes go through `labnet.events.registrations`, so a refusal
carries the site's French message with a stable `code` (`duplicate`, `closed`, `past`...).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.viewsets import GenericViewSet

from labnet.api.pagination import IdsFirstPagination, StandardPagination
from labnet.core.models import AuditEntry
from labnet.events.attendee_selectors import attendees_ordered
from labnet.events.enums import EventFormat, RegistrationStatus
from labnet.events.models import Event, Registration
from labnet.events.registrations import registration_cancel, registration_create
from labnet.events.rules import can_manage_event, public_events_filter
from labnet.events.selectors import EVENT_RELATED, with_places_taken

from . import campaigns
from .errors import raise_api_error
from .openapi import INVALID_FILTER, NOT_AUTHENTICATED, NOT_FOUND, bilingual, error
from .serializers.events import AttendeeSerializer, EventSerializer, RegistrationSerializer

TAG = "events"
KEY = OpenApiParameter(
    "key", str, OpenApiParameter.PATH, description="Clé de l'événement / event key."
)
REGISTRATION_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="Identifiant de l'inscription / id."
)
REFUSED = error(
    "Inscription impossible : déjà inscrit, inscriptions fermées, événement passé "
    "(message en français, `code` stable).",
    "Registration refused: already registered, closed, past event (message in French, "
    "stable `code`).",
)
ORGANISERS_ONLY = error(
    "Réservé aux organisateurs de l'événement.", "Reserved to the event's organisers."
)


class EventFilter(filters.FilterSet):
    # Not `format`: DRF reads that one to choose the renderer.
    event_format = filters.MultipleChoiceFilter(
        field_name="format",
        choices=EventFormat.choices,
        help_text="Format (répétable) / format (repeatable).",
    )
    region = filters.CharFilter(
        field_name="region__code", help_text="Code INSEE de la région / INSEE region code."
    )
    campaign = filters.CharFilter(
        field_name="campaign__key", help_text="Clé de la campagne / campaign key."
    )
    lab = filters.CharFilter(
        field_name="organiser_lab__key",
        help_text="Clé du laboratoire organisateur / organising lab key.",
    )
    starts_after = filters.DateFilter(
        field_name="starts_at",
        lookup_expr="date__gte",
        help_text="Commence ce jour ou après (AAAA-MM-JJ) / starts on or after.",
    )
    starts_before = filters.DateFilter(
        field_name="starts_at",
        lookup_expr="date__lte",
        help_text="Commence ce jour ou avant (AAAA-MM-JJ) / starts on or before.",
    )

    class Meta:
        model = Event
        fields = ["event_format", "region", "campaign", "lab", "starts_after", "starts_before"]


def _online_event_ids(user) -> set[int]:
    """Events whose connection link the caller may read: confirmed places (one query)."""
    if not (user and user.is_authenticated):
        return set()
    return set(
        Registration.objects.filter(status=RegistrationStatus.CONFIRMED)
        .filter(user=user)
        .values_list("event_id", flat=True)
    )


@extend_schema_view(
    list=extend_schema(
        operation_id="events_list",
        tags=[TAG],
        summary="Événements / Events",
        description=bilingual(
            "Les événements publiés (et annulés), du plus proche au plus lointain, paginés. "
            "Heures dans le fuseau de l'événement. Le lien de connexion n'est donné qu'aux "
            "inscrits confirmés et aux organisateurs.",
            "Published (and cancelled) events, soonest first, paginated. Times in the event's "
            "zone. The connection link is given to confirmed registrants and organisers only.",
        ),
        responses={200: EventSerializer, 400: INVALID_FILTER},
    ),
    retrieve=extend_schema(
        operation_id="events_retrieve",
        tags=[TAG],
        summary="Événement : détail / Event: detail",
        parameters=[KEY],
        responses={200: EventSerializer, 404: NOT_FOUND},
    ),
)
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    serializer_class = EventSerializer
    filterset_class = EventFilter
    pagination_class = IdsFirstPagination
    lookup_field = "key"
    permission_classes = [AllowAny]

    def get_queryset(self):
        queryset = Event.objects.filter(public_events_filter()).select_related(*EVENT_RELATED)
        return with_places_taken(queryset).order_by("starts_at", "title", "pk")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        user = self.request.user
        ids = _online_event_ids(user)
        if self.action == "retrieve" and "key" in self.kwargs:
            # An organiser reads the link of their own event.
            event = self.get_object()
            if can_manage_event(user, event):
                ids.add(event.pk)
        context["online_event_ids"] = ids
        return context

    @extend_schema(
        operation_id="events_register",
        tags=[TAG],
        summary="S'inscrire / Register",
        description=bilingual(
            "Inscrit la personne du jeton : place confirmée, ou rang sur la liste d'attente "
            "si l'événement est complet. Un courriel de confirmation est envoyé.",
            "Registers the token's holder: a confirmed place, or a rank on the waiting list "
            "when the event is full. A confirmation e-mail is sent.",
        ),
        parameters=[KEY],
        request=None,
        responses={
            201: RegistrationSerializer,
            400: REFUSED,
            401: NOT_AUTHENTICATED,
            404: NOT_FOUND,
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="registrations",
        permission_classes=[IsAuthenticated],
    )
    def register(self, request, key=None):
        event = self.get_object()
        try:
            registration = registration_create(
                actor=request.user, event=event, channel=AuditEntry.Channel.API
            )
        except DjangoValidationError as exc:
            raise_api_error(exc)
        registration = Registration.objects.select_related("event").get(pk=registration.pk)
        return Response(
            RegistrationSerializer(registration, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        operation_id="events_attendees",
        tags=[TAG],
        summary="Inscrits (organisateurs) / Attendees (organisers)",
        description=bilingual(
            "La liste des inscrits, liste d'attente comprise, paginée : confirmés, puis en "
            "attente de confirmation, liste d'attente (par rang), annulés. Données "
            "personnelles, réservées aux organisateurs de l'événement.",
            "The attendee list, waiting list included, paginated: confirmed, then pending, "
            "the waiting list (by rank), cancelled. Personal data, for the event's "
            "organisers only.",
        ),
        parameters=[KEY],
        responses={
            200: AttendeeSerializer(many=True),
            401: NOT_AUTHENTICATED,
            403: ORGANISERS_ONLY,
            404: NOT_FOUND,
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="attendees",
        permission_classes=[IsAuthenticated],
        pagination_class=StandardPagination,
        filterset_class=None,
    )
    def attendees(self, request, key=None):
        # Paged by the database: an event may have thousands of registrations.
        event = self.get_object()
        rows = attendees_ordered(user=request.user, event=event)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(AttendeeSerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(
        operation_id="registrations_list",
        tags=[TAG],
        summary="Mes inscriptions / My registrations",
        description=bilingual(
            "Les inscriptions de votre compte, les plus récentes d'abord.",
            "Your account's registrations, latest first.",
        ),
        responses={200: RegistrationSerializer, 401: NOT_AUTHENTICATED},
    ),
    retrieve=extend_schema(
        operation_id="registrations_retrieve",
        tags=[TAG],
        summary="Mon inscription / My registration",
        parameters=[REGISTRATION_ID],
        responses={200: RegistrationSerializer, 401: NOT_AUTHENTICATED, 404: NOT_FOUND},
    ),
)
class RegistrationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    lookup_value_regex = "[0-9]+"
    """One's own registrations only: someone else's is a 404, as if it did not exist."""

    serializer_class = RegistrationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []
    queryset = Registration.objects.none()  # for the schema generator

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        user = self.request.user
        return (
            Registration.objects.filter(user=user)
            .select_related("event")
            .order_by("-created_at", "-pk")
        )

    @extend_schema(
        operation_id="registrations_cancel",
        tags=[TAG],
        summary="Annuler mon inscription / Cancel my registration",
        description=bilingual(
            "Annule l'inscription ; la place libérée va à la première personne en attente.",
            "Cancels the registration; the freed place goes to the first person waiting.",
        ),
        parameters=[REGISTRATION_ID],
        request=None,
        responses={
            200: RegistrationSerializer,
            400: REFUSED,
            401: NOT_AUTHENTICATED,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], url_path="cancel")
    def cancel(self, request, pk=None):
        registration = self.get_object()
        try:
            registration_cancel(
                actor=request.user, registration=registration, channel=AuditEntry.Channel.API
            )
        except DjangoValidationError as exc:
            raise_api_error(exc)
        registration.refresh_from_db()
        return Response(RegistrationSerializer(registration, context={"request": request}).data)


router = SimpleRouter(trailing_slash=True)
router.register("events", EventViewSet, basename="event")
router.register("registrations", RegistrationViewSet, basename="registration")

# Campaigns, their programme, proposals and their review live in `campaigns.py`.
urlpatterns = [*campaigns.urlpatterns, *router.urls]
