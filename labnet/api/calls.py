"""Calls in API v1: /api/v1/calls/ and /api/v1/answers/.

Same rules as the pages (`labnet.calls.rules`): anyone lists the open calls; the owner side
and the reviewers of a call also list it while in draft, and read its sent answers; anyone
else reads only their own answers (and those they co-author). Scores are never in an
answer's representation; the committee's list carries only their count and mean. Writes go
through the services, so refusals carry the same French messages, with a stable `code`
(`call_closed`, `required`, `not_draft`...).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.viewsets import GenericViewSet

from labnet.calls.enums import CallKind
from labnet.calls.models import Answer, Call
from labnet.calls.selectors import (
    answer_get_visible,
    answer_list_for_call_api,
    answer_list_visible,
    answer_reviews,
    call_get_visible,
    call_list_visible,
)
from labnet.calls.services.answers import answer_save_draft, answer_submit
from labnet.calls.services.reviews import review_save
from labnet.core.models import AuditEntry

from .errors import raise_api_error
from .openapi import NOT_AUTHENTICATED, NOT_FOUND, bilingual, error
from .pagination import IdsFirstPagination
from .serializers.calls import (
    AnswerSerializer,
    AnswerWriteSerializer,
    CallSerializer,
    CommitteeAnswerSerializer,
    ReviewSerializer,
    ReviewWriteSerializer,
)

TAG = "calls"
INVALID = error(
    "Données invalides ou appel clos (message en français, avec un `code`).",
    "Invalid data or closed call (message in French, with a `code`).",
)
FORBIDDEN = error("Action réservée (auteurs, évaluateurs).", "Reserved action.")
KEY = OpenApiParameter(
    "key", OpenApiTypes.STR, OpenApiParameter.PATH, description="Clé de l'appel / call key."
)
ANSWER_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Identifiant de la réponse."
)
KIND = OpenApiParameter(
    "kind",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=CallKind.values,
    description="Nature de l'appel / call kind.",
)


class CallViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = CallSerializer
    lookup_field = "key"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filter_backends = []
    queryset = Call.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Call.objects.none()
        return call_list_visible(
            user=self.request.user, kind=self.request.query_params.get("kind") or None
        )

    def visible(self) -> Call:
        try:
            return call_get_visible(user=self.request.user, key=self.kwargs["key"])
        except Call.DoesNotExist as exc:
            raise Http404 from exc

    @extend_schema(
        operation_id="calls_list",
        tags=[TAG],
        summary="Appels / Calls",
        description=bilingual(
            "Les appels ouverts (ou bientôt ouverts) ; pour leurs porteurs et évaluateurs, "
            "aussi leurs appels en brouillon ou clos. Filtre `kind`.",
            "Open (or soon open) calls; for their owners and reviewers, also their draft or "
            "closed calls. Filter `kind`.",
        ),
        parameters=[KIND],
        responses={200: CallSerializer},
        auth=[],
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="calls_retrieve",
        tags=[TAG],
        summary="Appel : détail / Call: detail",
        parameters=[KEY],
        responses={200: CallSerializer, 404: NOT_FOUND},
        auth=[],
    )
    def retrieve(self, request, *args, **kwargs):
        return Response(CallSerializer(self.visible(), context={"request": request}).data)

    @extend_schema(
        methods=["GET"],
        operation_id="calls_answers_list",
        tags=[TAG],
        summary="Réponses à un appel / Answers to a call",
        description=bilingual(
            "Porteurs et évaluateurs de l'appel : toutes les réponses envoyées, avec le nombre "
            "d'évaluations et leur moyenne sur 20. Les autres : leurs propres réponses, "
            "nombre et moyenne à null. Paginé.",
            "The call's owners and reviewers: every sent answer, with the number of reviews "
            "and their mean out of 20. Anyone else: their own answers, count and mean null. "
            "Paginated.",
        ),
        parameters=[KEY],
        responses={
            200: CommitteeAnswerSerializer(many=True),
            401: NOT_AUTHENTICATED,
            404: NOT_FOUND,
        },
    )
    @extend_schema(
        methods=["POST"],
        operation_id="calls_answers_create",
        tags=[TAG],
        summary="Commencer une réponse / Start an answer",
        description=bilingual(
            "Crée un brouillon de réponse de l'appelant, tant que l'appel est ouvert "
            "(sinon 400, code `call_closed`). Les questions obligatoires sont vérifiées à "
            "l'envoi (`/answers/<id>/submit/`).",
            "Creates the caller's draft answer while the call is open (otherwise 400, code "
            "`call_closed`). Required questions are checked when it is sent.",
        ),
        parameters=[KEY],
        request=AnswerWriteSerializer,
        responses={201: AnswerSerializer, 400: INVALID, 401: NOT_AUTHENTICATED, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="answers",
        permission_classes=[IsAuthenticated],
    )
    def answers(self, request, key=None):
        call = self.visible()
        if request.method == "POST":
            serializer = AnswerWriteSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            try:
                answer = answer_save_draft(
                    actor=request.user,
                    call=call,
                    title=data.get("title", ""),
                    responses=data["responses"],
                    channel=AuditEntry.Channel.API,
                )
            except DjangoValidationError as exc:
                raise_api_error(exc)
            answer = answer_get_visible(user=request.user, pk=answer.pk)
            return Response(
                AnswerSerializer(answer, context={"request": request}).data,
                status=status.HTTP_201_CREATED,
            )
        answers = answer_list_for_call_api(user=request.user, call=call)
        # The page's ids first: the reviews' count and mean are computed for its rows only.
        paginator = IdsFirstPagination()
        page = paginator.paginate_queryset(answers, request, view=self)
        # One documented shape: the selector annotates the reviews' count and mean only for
        # the committee, so anyone else reads them as null (the fields allow null).
        data = CommitteeAnswerSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


class AnswerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = AnswerSerializer
    lookup_value_regex = "[0-9]+"
    filter_backends = []
    queryset = Answer.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Answer.objects.none()
        return answer_list_visible(user=self.request.user)

    def visible(self) -> Answer:
        try:
            return answer_get_visible(user=self.request.user, pk=self.kwargs["pk"])
        except (Answer.DoesNotExist, ValueError) as exc:
            raise Http404 from exc

    def _fresh(self, answer) -> Response:
        answer = answer_get_visible(user=self.request.user, pk=answer.pk)
        return Response(AnswerSerializer(answer, context={"request": self.request}).data)

    @extend_schema(
        operation_id="answers_list",
        tags=[TAG],
        summary="Mes réponses / My answers",
        description=bilingual(
            "Les réponses de l'appelant (et celles qu'il co-écrit), brouillons compris.",
            "The caller's answers (and those they co-author), drafts included.",
        ),
        responses={200: AnswerSerializer, 401: NOT_AUTHENTICATED},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="answers_retrieve",
        tags=[TAG],
        summary="Réponse : détail / Answer: detail",
        description=bilingual(
            "Ses auteurs ; et, une fois envoyée, les porteurs et évaluateurs de l'appel. "
            "Jamais de notes.",
            "Its authors; once sent, the call's owners and reviewers too. Never any score.",
        ),
        parameters=[ANSWER_ID],
        responses={200: AnswerSerializer, 401: NOT_AUTHENTICATED, 404: NOT_FOUND},
    )
    def retrieve(self, request, *args, **kwargs):
        return Response(AnswerSerializer(self.visible(), context={"request": request}).data)

    @extend_schema(
        operation_id="answers_partial_update",
        tags=[TAG],
        summary="Modifier un brouillon / Update a draft",
        parameters=[ANSWER_ID],
        request=AnswerWriteSerializer,
        responses={
            200: AnswerSerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def partial_update(self, request, pk=None):
        answer = self.visible()
        serializer = AnswerWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            answer_save_draft(
                actor=request.user,
                call=answer.call,
                answer=answer,
                title=data.get("title"),
                responses=data.get("responses") or {},
                channel=AuditEntry.Channel.API,
            )
        except DjangoValidationError as exc:
            raise_api_error(exc)
        return self._fresh(answer)

    @extend_schema(
        operation_id="answers_submit",
        tags=[TAG],
        summary="Envoyer une réponse / Submit an answer",
        description=bilingual(
            "Envoie le brouillon : titre et questions obligatoires remplis (sinon 400, une "
            "erreur `required` par champ `q_<id>`), appel ouvert (sinon `call_closed`).",
            "Sends the draft: title and required questions filled (otherwise 400, one "
            "`required` error per `q_<id>` field), call open (otherwise `call_closed`).",
        ),
        parameters=[ANSWER_ID],
        request=None,
        responses={
            200: AnswerSerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], url_path="submit")
    def submit(self, request, pk=None):
        answer = self.visible()
        try:
            answer_submit(actor=request.user, answer=answer, channel=AuditEntry.Channel.API)
        except DjangoValidationError as exc:
            raise_api_error(exc)
        return self._fresh(answer)

    @extend_schema(
        operation_id="answers_reviews_create",
        tags=[TAG],
        summary="Évaluer une réponse / Review an answer",
        description=bilingual(
            "Réservé aux évaluateurs de l'appel, jamais sur leur propre réponse : une note "
            "par critère (`c_<id>` en cas d'erreur) et un commentaire privé. Renvoyer "
            "remplace l'évaluation précédente.",
            "For the call's reviewers, never on their own answer: one score per criterion "
            "(errors on `c_<id>`) and a private comment. Posting again replaces it.",
        ),
        parameters=[ANSWER_ID],
        request=ReviewWriteSerializer,
        responses={
            200: ReviewSerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], url_path="reviews")
    def reviews(self, request, pk=None):
        answer = self.visible()
        serializer = ReviewWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            review_save(
                actor=request.user,
                answer=answer,
                scores=serializer.validated_data["scores"],
                comment=serializer.validated_data["comment"],
                channel=AuditEntry.Channel.API,
            )
        except DjangoValidationError as exc:
            raise_api_error(exc)
        review = next(
            r
            for r in answer_reviews(user=request.user, answer=answer)
            if r.reviewer_id == request.user.pk
        )
        return Response(ReviewSerializer(review).data)


router = SimpleRouter(trailing_slash=True)
router.register("calls", CallViewSet, basename="call")
router.register("answers", AnswerViewSet, basename="call-answer")

urlpatterns = [*router.urls]
