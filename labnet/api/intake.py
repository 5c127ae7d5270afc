"""Single window endpoints of API v1: /api/v1/requests/ and /api/v1/intake/response-times/.

Same rules as the pages (`labnet.intake.rules`): a caller lists their own requests (and
those they co-author); a lab's team lists its inbox with `?lab=<key>`; the coordinator
lists every sent request. A request one may not read is a 404, as if it did not exist.
Writes go through the site's services, so a refusal carries the same French message, with
a stable `code`: `stale` (409: the request changed since the caller read its `version`),
`invalid_transition`, `slot_taken`, `required`, ..."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from labnet.core.models import AuditEntry
from labnet.core.pagination import IdsFirstPaginator
from labnet.intake import stats
from labnet.intake.models import Request
from labnet.intake.selectors import (
    request_get_visible,
    request_list_count,
    request_list_visible,
    request_similar_projects,
)
from labnet.intake.services.decisions import request_decide
from labnet.intake.services.submission import request_create
from labnet.labs.models import Lab

from .errors import raise_api_error
from .openapi import NOT_AUTHENTICATED, NOT_FOUND, bilingual, error
from .pagination import IdsFirstPagination
from .serializers.intake import (
    DecisionSerializer,
    NetworkResponseTimesSerializer,
    RequestCreateSerializer,
    RequestDetailSerializer,
    RequestSerializer,
)
from .serializers.projects import SimilarProjectSerializer

TAG = "intake"


SIMILAR_LIMIT = 5


INVALID = error(
    "Données invalides, décision impossible ou laboratoire inconnu (message en français).",
    "Invalid data, decision not allowed or unknown lab (message in French).",
)


FORBIDDEN = error(
    "Réservé à l'équipe du laboratoire de la demande.", "Reserved to the request's lab team."
)


STALE = error(
    "La demande a changé depuis la version envoyée : relisez-la (code `stale`).",
    "The request changed since the version sent: read it again (code `stale`).",
)


PUBLIC_ID = OpenApiParameter(
    "public_id",
    OpenApiTypes.UUID,
    OpenApiParameter.PATH,
    description="Identifiant public de la demande / the request's public id.",
)


class RequestListPagination(IdsFirstPagination):
    """The pages of the request list, counted by `request_list_count` when it knows a
    faster way than the list's own query (the coordinator's 50,000 sent requests)."""

    known_count = None

    def django_paginator_class(self, object_list, per_page):
        paginator = IdsFirstPaginator(object_list, per_page)
        if self.known_count is not None:
            paginator.count = self.known_count  # the paginator's cached count
        return paginator


class RequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, GenericViewSet
):
    permission_classes = [IsAuthenticated]
    serializer_class = RequestSerializer
    # The coordinator lists every sent request (50,000 nationally): the page's ids are
    # sorted alone, then only their rows, joins and histories are read.
    pagination_class = RequestListPagination
    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-fA-F-]{36}"
    # `?lab=` is read by `list` itself (its own errors), not by django-filter.
    filter_backends = []
    # Only for the schema generator: each action reads through the selectors.
    queryset = Request.objects.none()

    def _lab(self) -> Lab | None:
        lab_key = self.request.query_params.get("lab", "").strip()
        if not lab_key:
            return None
        lab = Lab.objects.filter(key=lab_key).first()
        if lab is None:
            raise exceptions.ValidationError(
                {"lab": [ErrorDetail(f"Laboratoire inconnu : « {lab_key} ».", "does_not_exist")]}
            )
        return lab

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no caller
            return Request.objects.none()
        lab = self._lab()
        queryset = request_list_visible(user=self.request.user, lab=lab)
        if self.paginator is not None:  # after the list's refusals (an inbox one may not see)
            self.paginator.known_count = request_list_count(user=self.request.user, lab=lab)
        return queryset

    def visible(self) -> Request:
        try:
            return request_get_visible(user=self.request.user, public_id=self.kwargs["public_id"])
        except (Request.DoesNotExist, DjangoValidationError) as exc:
            raise Http404 from exc

    @extend_schema(
        operation_id="requests_list",
        tags=[TAG],
        summary="Demandes / Requests",
        description=bilingual(
            "Vos demandes et brouillons (y compris ceux que vous co-écrivez). Avec "
            "`?lab=<clé>`, la boîte de réception du laboratoire : réservée à son équipe et "
            "à la coordination nationale, qui voit aussi toutes les demandes envoyées.",
            "Your requests and drafts (including those you co-author). With `?lab=<key>`, the "
            "lab's inbox: for its team and the national coordination, who also sees every "
            "sent request.",
        ),
        parameters=[
            OpenApiParameter(
                "lab",
                str,
                OpenApiParameter.QUERY,
                description="Clé du laboratoire : sa boîte de réception / lab key: its inbox.",
            )
        ],
        responses={
            200: RequestSerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
        },
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="requests_retrieve",
        tags=[TAG],
        summary="Demande : détail et historique / Request: detail and history",
        parameters=[PUBLIC_ID],
        responses={200: RequestDetailSerializer, 401: NOT_AUTHENTICATED, 404: NOT_FOUND},
    )
    def retrieve(self, request, *args, **kwargs):
        return Response(RequestDetailSerializer(self.visible(), context={"request": request}).data)

    @extend_schema(
        operation_id="requests_create",
        tags=[TAG],
        summary="Proposer une idée / Submit an idea",
        description=bilingual(
            'Crée un brouillon avec tous ses champs ; avec `"submit": true`, l\'envoie '
            "aussitôt (au laboratoire `lab`, ou à celui que la plateforme choisit). Si l'envoi "
            "est refusé, rien n'est créé.",
            'Creates a draft with all its fields; with `"submit": true`, sends it at once (to '
            "`lab`, or to the lab the platform picks). If sending is refused, nothing is "
            "created.",
        ),
        request=RequestCreateSerializer,
        responses={201: RequestDetailSerializer, 400: INVALID, 401: NOT_AUTHENTICATED},
    )
    def create(self, request, *args, **kwargs):
        serializer = RequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        themes, submit, lab = data.pop("themes"), data.pop("submit"), data.pop("lab")
        try:
            created = request_create(
                actor=request.user,
                data=data,
                themes=themes,
                submit=submit,
                lab=lab,
                channel=AuditEntry.Channel.API,
            )
        except DjangoValidationError as exc:
            raise_api_error(exc)
        created = request_get_visible(user=request.user, public_id=created.public_id)
        return Response(
            RequestDetailSerializer(created, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        operation_id="requests_decide",
        tags=[TAG],
        summary="Répondre à une demande / Decide on a request",
        description=bilingual(
            "La décision du laboratoire : `accept` (accompagnement, crée le projet), `boost` "
            "(coup de pouce), `redirect_lab` (+ `lab`), `redirect_out` (+ `service`), "
            "`ask_info` (+ `message`, la question), `decline` (+ `reason`). `version` est "
            "celle de la demande lue : si elle a changé depuis, 409 et rien n'est modifié.",
            "The lab's decision: `accept` (accompaniment, creates the project), `boost`, "
            "`redirect_lab` (+ `lab`), `redirect_out` (+ `service`), `ask_info` (+ `message`, "
            "the question), `decline` (+ `reason`). `version` is the one read: if the request "
            "changed since, 409 and nothing changes.",
        ),
        parameters=[PUBLIC_ID],
        request=DecisionSerializer,
        responses={
            200: RequestDetailSerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: STALE,
        },
    )
    @action(detail=True, methods=["post"], url_path="decisions")
    def decisions(self, request, public_id=None):
        target = self.visible()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            request_decide(
                actor=request.user,
                request=target,
                decision=data["decision"],
                version=data["version"],
                reason=data["reason"],
                lab=data["lab"],
                service=data["service"],
                message=data["message"],
                channel=AuditEntry.Channel.API,
            )
        except DjangoValidationError as exc:
            raise_api_error(exc)
        decided = request_get_visible(user=request.user, public_id=target.public_id)
        return Response(RequestDetailSerializer(decided, context={"request": request}).data)

    @extend_schema(
        operation_id="requests_similar_projects",
        tags=[TAG],
        summary="Projets similaires / Similar projects",
        description=bilingual(
            f"Les {SIMILAR_LIMIT} projets du réseau les plus proches de la demande, parmi "
            "ceux que l'appelant peut lire.",
            f"The {SIMILAR_LIMIT} projects of the network closest to the request, among those "
            "the caller may read.",
        ),
        parameters=[PUBLIC_ID],
        responses={
            200: SimilarProjectSerializer(many=True),
            401: NOT_AUTHENTICATED,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["get"], url_path="similar-projects", pagination_class=None)
    def similar_projects(self, request, public_id=None):
        items = request_similar_projects(
            request=self.visible(), user=request.user, limit=SIMILAR_LIMIT
        )
        return Response(
            SimilarProjectSerializer(items, many=True, context={"request": request}).data
        )


class ResponseTimesView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="intake_response_times",
        tags=[TAG],
        summary="Délais de première réponse / Time to first answer",
        description=bilingual(
            "Chiffres publics : pour le réseau et chaque laboratoire, délai médian et 90e "
            "centile (en heures) de la première réponse, et part des réponses dans le délai "
            "promis.",
            "Public figures: for the network and each lab, median and 90th percentile (hours) "
            "of the first answer, and the share answered within the committed delay.",
        ),
        responses={200: NetworkResponseTimesSerializer},
        auth=[],
    )
    def get(self, request):
        network, by_lab = stats.response_times()
        return Response(response_times_data(network, by_lab))


def _times_data(times) -> dict:
    # ResponseTimesSerializer's fields, as it writes them.
    def number(value):
        return None if value is None else float(value)

    return {
        "count": int(times.count),
        "median_hours": number(times.median_hours),
        "p90_hours": number(times.p90_hours),
        "within_commitment_share": number(times.within_commitment_share),
    }


def response_times_data(network, by_lab) -> dict:
    """What NetworkResponseTimesSerializer writes (it still documents the response), built
    directly: a thousand labs through nested serializers took most of the request's time."""
    return {
        "network": _times_data(network),
        "labs": [
            {"lab": {"key": row.lab_key, "name": row.lab_name}, "times": _times_data(row.times)}
            for row in by_lab
        ],
    }
