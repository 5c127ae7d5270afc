"""Campaign endpoints of API v1 (routes included through `labnet/api/events.py`).

- `campaigns/`, `campaigns/<key>/`: campaigns with stated and live figures (public);
- `campaigns/<key>/events/`: the public programme, with the page's filters (public);
- `campaigns/<key>/proposals/` (POST): a signed-in agent proposes an event;
- `events/<key>/review/` (POST): the coordination validates, asks for changes or refuses.

Writes go through `events.proposals`, so a refusal carries the site's French message with
a stable `code`. A proposal one may not see is a 404, as if it did not exist.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from labnet.core.models import AuditEntry
from labnet.events.campaign_rules import can_see_proposal
from labnet.events.campaign_selectors import (
    campaign_programme,
    campaigns_with_figures,
    proposal_get,
)
from labnet.events.models import Campaign, Event
from labnet.events.proposals import event_propose, event_review

from .errors import raise_api_error
from .openapi import INVALID_FILTER, NOT_AUTHENTICATED, NOT_FOUND, bilingual, error
from .serializers.campaigns import (
    CampaignSerializer,
    ProgrammeEventSerializer,
    ProgrammeQuerySerializer,
    ProposalCreateSerializer,
    ProposalSerializer,
    ReviewSerializer,
)

TAG = "campaigns"
KEY = OpenApiParameter(
    "key", str, OpenApiParameter.PATH, description="Clé de la campagne / campaign key."
)
EVENT_KEY = OpenApiParameter(
    "key", str, OpenApiParameter.PATH, description="Clé de l'événement / event key."
)
INVALID = error(
    "Données invalides ou décision impossible (message en français, avec son `code`).",
    "Invalid data or decision not allowed (message in French, with its `code`).",
)
CLOSED = error("La campagne ne reçoit pas de propositions.", "The campaign takes no proposals.")
COORDINATION_ONLY = error(
    "Réservé à la coordination nationale.", "Reserved to the national coordination."
)


class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    serializer_class = CampaignSerializer
    lookup_field = "key"
    # The programme's filters are read by `events` itself (their own French errors).
    filter_backends = []

    def get_queryset(self):
        if self.action == "events":
            # The programme needs the campaign only, not its figures (a count of its
            # registrations).
            return Campaign.objects.all()
        return campaigns_with_figures()

    @extend_schema(
        operation_id="campaigns_list",
        tags=[TAG],
        summary="Campagnes / Campaigns",
        description=bilingual(
            "Les campagnes (Mois de l'innovation publique, programmes régionaux), les plus "
            "récentes d'abord, avec les chiffres annoncés par leurs sources et les chiffres "
            "calculés en direct sur leurs événements publics.",
            "Campaigns (the Public Innovation Month, regional programmes), most recent first, "
            "with the figures their sources state and those computed live from their public "
            "events.",
        ),
        responses={200: CampaignSerializer, 400: INVALID_FILTER},
        auth=[],
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="campaigns_retrieve",
        tags=[TAG],
        summary="Campagne : détail / Campaign: detail",
        parameters=[KEY],
        responses={200: CampaignSerializer, 404: NOT_FOUND},
        auth=[],
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        operation_id="campaigns_events",
        tags=[TAG],
        summary="Programme de la campagne / Campaign programme",
        description=bilingual(
            "Les événements publics (publiés ou annulés) de la campagne, par date, paginés, "
            "avec les filtres de la page du programme.",
            "The campaign's public events (published or cancelled), by date, paginated, with "
            "the programme page's filters.",
        ),
        parameters=[KEY, ProgrammeQuerySerializer],
        responses={200: ProgrammeEventSerializer(many=True), 400: INVALID_FILTER, 404: NOT_FOUND},
        auth=[],
    )
    @action(detail=True, methods=["get"], url_path="events")
    def events(self, request, key=None):
        campaign = self.get_object()
        query = ProgrammeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(
            campaign_programme(campaign=campaign, filters=query.filters())
        )
        data = ProgrammeEventSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(
        operation_id="campaigns_propose",
        tags=[TAG],
        summary="Proposer un événement / Propose an event",
        description=bilingual(
            "Tout agent connecté propose un événement à une campagne ouverte aux propositions. "
            "Il attend la décision de la coordination (statut `proposed`) et n'est public "
            "qu'une fois validé. La fin doit suivre le début ; un événement en ligne a un "
            "`online_url`, un événement sur place une `commune`.",
            "Any signed-in agent proposes an event to a campaign open to proposals. It waits "
            "for the coordination's decision (status `proposed`) and is public only once "
            "validated. The end follows the start; an online event has an `online_url`, an "
            "event on site a `commune`.",
        ),
        parameters=[KEY],
        request=ProposalCreateSerializer,
        responses={
            201: ProposalSerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: CLOSED,
            404: NOT_FOUND,
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="proposals",
        permission_classes=[IsAuthenticated],
    )
    def proposals(self, request, key=None):
        campaign = self.get_object()
        serializer = ProposalCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            event = event_propose(
                actor=request.user,
                campaign=campaign,
                data=serializer.validated_data,
                channel=AuditEntry.Channel.API,
            )
        except DjangoValidationError as exc:
            raise_api_error(exc)
        return Response(
            ProposalSerializer(proposal_get(key=event.key)).data, status=status.HTTP_201_CREATED
        )


class EventReviewView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="events_review",
        tags=[TAG],
        summary="Décider d'une proposition / Decide on a proposal",
        description=bilingual(
            "La coordination nationale décide : `validate` (publié), `request_changes` "
            "(+ `message`) ou `refuse` (+ `message`). L'organisateur est prévenu par courriel.",
            "The national coordination decides: `validate` (published), `request_changes` "
            "(+ `message`) or `refuse` (+ `message`). The organiser is told by e-mail.",
        ),
        parameters=[EVENT_KEY],
        request=ReviewSerializer,
        responses={
            200: ProposalSerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: COORDINATION_ONLY,
            404: NOT_FOUND,
        },
    )
    def post(self, request, key):
        try:
            event = proposal_get(key=key)
        except Event.DoesNotExist as exc:
            raise Http404 from exc
        if not can_see_proposal(request.user, event):
            raise Http404
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            event_review(
                actor=request.user,
                event=event,
                channel=AuditEntry.Channel.API,
                **serializer.validated_data,
            )
        except DjangoValidationError as exc:
            raise_api_error(exc)
        return Response(ProposalSerializer(proposal_get(key=key)).data)


router = SimpleRouter(trailing_slash=True)
router.register("campaigns", CampaignViewSet, basename="campaign")

extra_paths = [
    path("events/<slug:key>/review/", EventReviewView.as_view(), name="event-review"),
]

urlpatterns = [*extra_paths, *router.urls]
