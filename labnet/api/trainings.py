"""Trainings in API v1: /api/v1/programmes/, cohorts/, sessions/ and the caller's
enrolments/.

Programmes, cohorts and sessions are public and read-only. A signed-in caller enrols in a
cohort (`POST cohorts/<id>/enrolments/`: a place, or a rank on the waiting list), lists
their own enrolments and cancels one. Writes go through `labnet.trainings.services`, so a
refusal carries the site's French message and a stable `code` (`closed`, `duplicate`,
`completed`, `cancelled`).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.viewsets import GenericViewSet, ReadOnlyModelViewSet

from labnet.trainings import selectors
from labnet.trainings.enums import CohortStatus
from labnet.trainings.models import Cohort, Enrolment, Programme, Session
from labnet.trainings.services.enrolment import enrolment_cancel, enrolment_create

from .errors import raise_api_error
from .filters import BoundedIsoDateTimeFilter
from .openapi import INVALID_FILTER, NOT_AUTHENTICATED, NOT_FOUND, bilingual, error
from .serializers.trainings import (
    CohortSerializer,
    EnrolmentSerializer,
    ProgrammeSerializer,
    SessionSerializer,
)

TAG = "trainings"
REFUSED = error(
    "Inscription impossible (fermée, déjà inscrit, formation terminée…), message en français "
    "avec un `code`.",
    "Not allowed (closed, already enrolled, completed…), message in French with a `code`.",
)


def _id_parameter(fr: str, en: str) -> OpenApiParameter:
    return OpenApiParameter("id", int, OpenApiParameter.PATH, description=f"{fr} / {en}")


# --- programmes -----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="Formations / Training programmes",
        description=bilingual(
            "Les formations, avec leurs comptes LabNet (inscrits, présents, formés) et le "
            "nombre d'agents formés annoncé par la source, à part.",
            "Training programmes with their LabNet counts (enrolled, attending, trained) and, "
            "apart, the number of agents trained stated by the source.",
        ),
        responses={200: ProgrammeSerializer, 400: INVALID_FILTER},
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Formation : détail / Training programme: detail",
        parameters=[
            OpenApiParameter(
                "key", str, OpenApiParameter.PATH, description="Clé de la formation / key"
            )
        ],
        responses={200: ProgrammeSerializer, 404: NOT_FOUND},
    ),
)
class ProgrammeViewSet(ReadOnlyModelViewSet):
    serializer_class = ProgrammeSerializer
    lookup_field = "key"
    filter_backends = []
    queryset = Programme.objects.none()

    def get_queryset(self):
        return selectors.programme_list()


# --- cohorts --------------------------------------------------------------------------------


class CohortFilter(filters.FilterSet):
    programme = filters.CharFilter(
        field_name="programme__key", help_text="Clé de la formation / programme key."
    )
    status = filters.ChoiceFilter(choices=CohortStatus.choices)

    class Meta:
        model = Cohort
        fields = ["programme", "status"]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="Promotions / Cohorts",
        description=bilingual(
            "Les promotions, avec leurs places restantes et leurs comptes ; filtre "
            "`programme=<clé>`.",
            "Cohorts with their places left and counts; filter `programme=<key>`.",
        ),
        responses={200: CohortSerializer, 400: INVALID_FILTER},
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Promotion : détail / Cohort: detail",
        parameters=[_id_parameter("Identifiant de la promotion", "cohort id")],
        responses={200: CohortSerializer, 404: NOT_FOUND},
    ),
)
class CohortViewSet(ReadOnlyModelViewSet):
    # Ids are numbers: anything else is a 404 from the router, never a query error.
    lookup_value_regex = "[0-9]+"
    serializer_class = CohortSerializer
    filterset_class = CohortFilter
    queryset = Cohort.objects.none()

    def get_queryset(self):
        return selectors.cohort_list()

    def get_permissions(self):
        if self.action == "enrol":
            return [IsAuthenticated()]
        return super().get_permissions()

    @extend_schema(
        operation_id="cohorts_enrol",
        tags=[TAG],
        summary="S'inscrire à une promotion / Enrol in a cohort",
        description=bilingual(
            "Inscrit l'appelant : place confirmée s'il en reste, sinon rang suivant sur la "
            "liste d'attente (`status` = `waiting`, `position`). Les places ne sont jamais "
            "dépassées, même pour des inscriptions simultanées.",
            "Enrols the caller: a confirmed place if one is left, else the next rank on the "
            "waiting list (`status` = `waiting`, `position`). Capacity is never exceeded, "
            "even for simultaneous enrolments.",
        ),
        parameters=[_id_parameter("Identifiant de la promotion", "cohort id")],
        request=None,
        responses={
            201: EnrolmentSerializer,
            400: REFUSED,
            401: NOT_AUTHENTICATED,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], url_path="enrolments", filter_backends=[])
    def enrol(self, request, pk=None):
        cohort = Cohort.objects.select_related("programme").filter(pk=pk).first()
        if cohort is None:
            raise Http404
        try:
            enrolment = enrolment_create(actor=request.user, cohort=cohort)
        except DjangoValidationError as exc:
            raise_api_error(exc)
        enrolment = selectors.enrolments_of(request.user).get(pk=enrolment.pk)
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)


# --- sessions -------------------------------------------------------------------------------


class SessionFilter(filters.FilterSet):
    cohort = filters.NumberFilter(field_name="cohort_id", help_text="Identifiant de la promotion.")
    programme = filters.CharFilter(
        field_name="cohort__programme__key", help_text="Clé de la formation / programme key."
    )
    starts_after = BoundedIsoDateTimeFilter(
        field_name="starts_at",
        lookup_expr="gte",
        help_text="Séances commençant à partir de (ISO 8601) / starting from.",
    )
    starts_before = BoundedIsoDateTimeFilter(
        field_name="starts_at",
        lookup_expr="lt",
        help_text="Séances commençant avant (ISO 8601) / starting before.",
    )

    class Meta:
        model = Session
        fields = ["cohort", "programme", "starts_after", "starts_before"]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="Séances / Sessions",
        description=bilingual(
            "Les séances, heures en UTC avec le fuseau horaire où elles ont lieu ; filtres "
            "`cohort`, `programme`, `starts_after`, `starts_before`.",
            "Sessions, times in UTC with the time zone they take place in; filters `cohort`, "
            "`programme`, `starts_after`, `starts_before`.",
        ),
        responses={200: SessionSerializer, 400: INVALID_FILTER},
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Séance : détail / Session: detail",
        parameters=[_id_parameter("Identifiant de la séance", "session id")],
        responses={200: SessionSerializer, 404: NOT_FOUND},
    ),
)
class SessionViewSet(ReadOnlyModelViewSet):
    # Ids are numbers: anything else is a 404 from the router, never a query error.
    lookup_value_regex = "[0-9]+"
    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    queryset = Session.objects.none()

    def get_queryset(self):
        return selectors.session_list()


# --- the caller's enrolments ----------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="Mes inscriptions / My enrolments",
        description=bilingual(
            "Les inscriptions de l'appelant seulement, annulées comprises, avec son assiduité.",
            "The caller's own enrolments only, cancelled ones included, with attendance.",
        ),
        responses={200: EnrolmentSerializer, 401: NOT_AUTHENTICATED},
    ),
)
class EnrolmentViewSet(mixins.ListModelMixin, GenericViewSet):
    # Ids are numbers: anything else is a 404 from the router, never a query error.
    lookup_value_regex = "[0-9]+"
    serializer_class = EnrolmentSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []
    queryset = Enrolment.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrolment.objects.none()
        return selectors.enrolments_of(self.request.user)

    @extend_schema(
        operation_id="enrolments_cancel",
        tags=[TAG],
        summary="Annuler mon inscription / Cancel my enrolment",
        description=bilingual(
            "Annule une inscription de l'appelant ; une place libérée va au premier de la "
            "liste d'attente, prévenu par courriel.",
            "Cancels one of the caller's enrolments; a freed place goes to the first on the "
            "waiting list, told by e-mail.",
        ),
        parameters=[_id_parameter("Identifiant de l'inscription", "enrolment id")],
        request=None,
        responses={
            200: EnrolmentSerializer,
            400: REFUSED,
            401: NOT_AUTHENTICATED,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        mine = self.get_queryset()
        enrolment = mine.select_related("cohort__programme").filter(pk=pk).first()
        if enrolment is None:
            raise Http404
        try:
            enrolment_cancel(actor=request.user, enrolment=enrolment)
        except DjangoValidationError as exc:
            raise_api_error(exc)
        return Response(EnrolmentSerializer(mine.get(pk=pk)).data)


router = SimpleRouter(trailing_slash=True)
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("cohorts", CohortViewSet, basename="cohort")
router.register("sessions", SessionViewSet, basename="session")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")

urlpatterns = [*router.urls]
