"""API v1 of impact: a project's indicators, their measured values and progress.

- `indicators/` lists the indicators the caller may read (filters `project`, `lab`):
  public ones of readable projects for everyone, all of them for the project's team;
  POST: the project's team creates one (token), as on the team's indicators page.
- `indicators/{key}/` reads one, with its measured values (oldest first) and progress.
- `indicators/{key}/measurements/` POST: the team records a measured value (token).
- `indicators/{key}/measurements/{id}/` PATCH: the team corrects one.

Writes go through `labnet.impact.services`: refusals carry the same French messages as
the pages, as structured errors ({"errors": [{"field", "message", "code"}]}).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.viewsets import GenericViewSet

from labnet.core.models import AuditEntry
from labnet.impact.models import Indicator, Measurement
from labnet.impact.selectors import indicator_get_visible, indicator_list, project_for_impact
from labnet.impact.services import indicator_create, measurement_record, measurement_update
from labnet.projects.models import Project, ProjectDocument

from .errors import raise_api_error
from .openapi import INVALID_FILTER, NOT_AUTHENTICATED, NOT_FOUND, bilingual, error
from .serializers.impact import (
    IndicatorSerializer,
    IndicatorWriteSerializer,
    MeasurementPatchSerializer,
    MeasurementSerializer,
    MeasurementWriteSerializer,
)

TAG = "impact"
KEY = OpenApiParameter(
    "key", str, OpenApiParameter.PATH, description="Clé de l'indicateur / indicator key."
)
INVALID = error("Données invalides (message en français).", "Invalid data (message in French).")
FORBIDDEN = error(
    "Réservé aux équipes des laboratoires du projet.", "Reserved to the project's lab teams."
)


class IndicatorViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet
):
    serializer_class = IndicatorSerializer
    permission_classes = [AllowAny]
    lookup_field = "key"
    lookup_value_regex = "[-a-z0-9]+"
    filter_backends = []
    queryset = Indicator.objects.none()

    def get_permissions(self):
        if self.action == "create":
            return [IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Indicator.objects.none()
        params = self.request.query_params
        return indicator_list(
            user=self.request.user,
            project_key=params.get("project", "").strip(),
            lab_key=params.get("lab", "").strip(),
        )

    @extend_schema(
        operation_id="indicators_list",
        tags=[TAG],
        summary="Indicateurs d'impact / Impact indicators",
        description=bilingual(
            "Les indicateurs des projets, avec leurs valeurs mesurées et leur progression "
            "vers la cible : les indicateurs publics des projets lisibles pour tous, tous "
            "ceux des projets de vos laboratoires.",
            "Project indicators with their measured values and progress towards the target: "
            "public indicators of readable projects for everyone, all of those of your "
            "labs' projects.",
        ),
        parameters=[
            OpenApiParameter("project", str, description="Clé du projet / project key."),
            OpenApiParameter(
                "lab", str, description="Clé d'un laboratoire (pilote ou partenaire) / lab key."
            ),
        ],
        responses={200: IndicatorSerializer, 400: INVALID_FILTER},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="indicators_retrieve",
        tags=[TAG],
        summary="Indicateur / Indicator",
        description=bilingual(
            "Un indicateur, ses valeurs mesurées (de la plus ancienne à la plus récente) et "
            "sa progression (null si non calculable, avec la raison).",
            "One indicator, its measured values (oldest first) and its progress (null when "
            "not computable, with the reason).",
        ),
        parameters=[KEY],
        responses={200: IndicatorSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request, *args, **kwargs):
        try:
            indicator = indicator_get_visible(user=request.user, key=kwargs["key"])
        except Indicator.DoesNotExist as exc:
            raise Http404 from exc
        return Response(IndicatorSerializer(indicator).data)

    @extend_schema(
        operation_id="indicators_create",
        tags=[TAG],
        summary="Créer un indicateur / Create an indicator",
        description=bilingual(
            "L'équipe du projet (membres des laboratoires pilote et partenaires, "
            "coordination) crée un indicateur : nom, unité, sens souhaité, référence et "
            "cible (facultatives), publication sur la fiche. Mêmes règles et messages que "
            "la page des indicateurs de l'équipe.",
            "The project's team (members of the lead and partner labs, the coordination) "
            "creates an indicator: name, unit, direction, optional baseline and target, "
            "shown on the public sheet or not. Same rules and messages as the team's "
            "indicators page.",
        ),
        request=IndicatorWriteSerializer,
        responses={
            201: IndicatorSerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = IndicatorWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        project_key = data.pop("project").strip()
        try:
            project = project_for_impact(user=request.user, key=project_key)
        except Project.DoesNotExist:
            raise_api_error(
                DjangoValidationError(
                    {
                        "project": DjangoValidationError(
                            _("Aucun projet que vous pouvez voir n'a la clé « %(key)s ».")
                            % {"key": project_key},
                            code="does_not_exist",
                        )
                    }
                )
            )
        try:
            created = indicator_create(
                actor=request.user, project=project, channel=AuditEntry.Channel.API, **data
            )
        except DjangoValidationError as exc:
            raise_api_error(exc)
        created = indicator_get_visible(user=request.user, key=created.key)
        return Response(IndicatorSerializer(created).data, status=status.HTTP_201_CREATED)


def _indicator(request, key) -> Indicator:
    try:
        return indicator_get_visible(user=request.user, key=key)
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc


def _document(indicator, data):
    document_id = data.pop("source_document", None)
    if document_id is None:
        return None
    document = ProjectDocument.objects.filter(pk=document_id).first()
    if document is None:
        raise_api_error(DjangoValidationError({"source_document": ["Ce document n'existe pas."]}))
    return document


class MeasurementsView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = MeasurementWriteSerializer
    queryset = Measurement.objects.none()

    @extend_schema(
        operation_id="indicator_measurements_create",
        tags=[TAG],
        summary="Enregistrer une valeur mesurée / Record a measured value",
        description=bilingual(
            "L'équipe du projet enregistre une valeur, avec sa date et sa source (un "
            "document du projet, un lien ou un texte : au moins l'un des trois).",
            "The project's team records a value, with its date and its source (a document "
            "of the project, a link or a text: at least one of them).",
        ),
        parameters=[KEY],
        request=MeasurementWriteSerializer,
        responses={
            201: MeasurementSerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def post(self, request, key):
        indicator = _indicator(request, key)
        serializer = MeasurementWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["source_document"] = _document(indicator, data)
        try:
            created = measurement_record(
                actor=request.user, indicator=indicator, channel=AuditEntry.Channel.API, **data
            )
        except DjangoValidationError as exc:
            raise_api_error(exc)
        return Response(MeasurementSerializer(created).data, status=status.HTTP_201_CREATED)


class MeasurementView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = MeasurementPatchSerializer
    queryset = Measurement.objects.none()

    @extend_schema(
        operation_id="indicator_measurements_partial_update",
        tags=[TAG],
        summary="Corriger une valeur mesurée / Correct a measured value",
        description=bilingual(
            "L'équipe du projet corrige une valeur (seuls les champs envoyés changent).",
            "The project's team corrects a value (only the fields sent change).",
        ),
        parameters=[
            KEY,
            OpenApiParameter(
                "id", int, OpenApiParameter.PATH, description="Id de la valeur / value id."
            ),
        ],
        request=MeasurementPatchSerializer,
        responses={
            200: MeasurementSerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def patch(self, request, key, id):
        indicator = _indicator(request, key)
        measurement = next((m for m in indicator.measurements.all() if m.pk == id), None)
        if measurement is None:
            raise Http404
        measurement.indicator = indicator
        serializer = MeasurementPatchSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "source_document" in data:
            data["source_document"] = _document(indicator, data)
        try:
            updated = measurement_update(
                actor=request.user,
                measurement=measurement,
                channel=AuditEntry.Channel.API,
                **data,
            )
        except DjangoValidationError as exc:
            raise_api_error(exc)
        return Response(MeasurementSerializer(updated).data)


router = SimpleRouter(trailing_slash=True)
router.register("indicators", IndicatorViewSet, basename="indicator")

urlpatterns = [
    path(
        "indicators/<slug:key>/measurements/",
        MeasurementsView.as_view(),
        name="indicator-measurements",
    ),
    path(
        "indicators/<slug:key>/measurements/<int:id>/",
        MeasurementView.as_view(),
        name="indicator-measurement",
    ),
    *router.urls,
]
