"""Funding in API v1: /api/v1/funding-sources/, envelopes/ (with the totals allocated by
status), allocations/ (list with filters, detail, creation by the coordination with a
token) and an allocation's payments/.

Visibility is the pages': decided allocations (committed, paid) for everyone, a lab lead's
own, everything for the coordination. Writes go through `labnet.funding.services`, so an
over-allocation is a 400 carrying the page's French message on `amount_eur`.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.viewsets import GenericViewSet

from labnet.core.models import AuditEntry
from labnet.funding.enums import AllocationStatus
from labnet.funding.models import Allocation, Envelope, FundingSource
from labnet.funding.rules import visible_allocations_filter
from labnet.funding.selectors.allocations import (
    allocation_payments,
    paid_totals,
    visible_allocations,
)
from labnet.funding.selectors.base import AllocationFilters
from labnet.funding.selectors.envelopes import envelope_list, funding_sources
from labnet.funding.selectors.totals import envelope_status_totals
from labnet.funding.services.allocations import allocation_create
from labnet.funding.services.payments import payment_record

from .errors import raise_api_error
from .openapi import INVALID_FILTER, NOT_AUTHENTICATED, NOT_FOUND, bilingual, error
from .serializers.funding import (
    AllocationCreateSerializer,
    AllocationSerializer,
    EnvelopeSerializer,
    FundingSourceSerializer,
    PaymentSerializer,
)

TAG = "funding"
KEY = OpenApiParameter("key", str, OpenApiParameter.PATH, description="Clé / key.")
INVALID = error(
    "Refusé : champ manquant ou invalide, enveloppe dépassée (message en français, par champ).",
    "Refused: missing or invalid field, envelope exceeded (French message, per field).",
)
FORBIDDEN = error("Réservé à la coordination nationale.", "Reserved to the coordination.")
FORBIDDEN_PAYMENT = error(
    "Réservé à la coordination et au responsable du laboratoire bénéficiaire.",
    "Reserved to the coordination and the beneficiary lab's lead.",
)


@extend_schema_view(
    list=extend_schema(
        operation_id="funding_sources_list",
        tags=[TAG],
        summary="Sources de financement / Funding sources",
        description=bilingual(
            "Les origines des crédits (plan de relance, FTAP, crédits de la DITP…).",
            "Where the money comes from (recovery plan, FTAP, DITP credits…).",
        ),
        responses={200: FundingSourceSerializer, 400: INVALID_FILTER},
    )
)
class FundingSourceViewSet(mixins.ListModelMixin, GenericViewSet):
    serializer_class = FundingSourceSerializer
    permission_classes = [AllowAny]
    filter_backends = []
    queryset = FundingSource.objects.none()

    def get_queryset(self):
        return funding_sources()


class EnvelopeFilter(filters.FilterSet):
    source = filters.CharFilter(
        field_name="funding_source__key", help_text="Clé de la source / funding source key."
    )
    parent = filters.CharFilter(
        field_name="parent__key", help_text="Clé de l'enveloppe parente / parent envelope key."
    )

    class Meta:
        model = Envelope
        fields = ["source", "parent"]


@extend_schema_view(
    list=extend_schema(
        operation_id="envelopes_list",
        tags=[TAG],
        summary="Enveloppes / Envelopes",
        description=bilingual(
            "Les enveloppes, leur montant (`amount_eur`, null s'il n'est pas indiqué), leur "
            "parente et les totaux attribués par statut parmi les attributions visibles.",
            "Envelopes, their amount (`amount_eur`, null when not stated), their parent and "
            "the totals allocated by status among the allocations the caller may read.",
        ),
        responses={200: EnvelopeSerializer, 400: INVALID_FILTER},
    ),
    retrieve=extend_schema(
        operation_id="envelopes_retrieve",
        tags=[TAG],
        summary="Enveloppe : détail / Envelope: detail",
        parameters=[KEY],
        responses={200: EnvelopeSerializer, 404: NOT_FOUND},
    ),
)
class EnvelopeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    serializer_class = EnvelopeSerializer
    filterset_class = EnvelopeFilter
    lookup_field = "key"
    permission_classes = [AllowAny]
    queryset = Envelope.objects.none()

    def get_queryset(self):
        return envelope_list()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        totals = envelope_status_totals(user=request.user, envelope_ids=[e.pk for e in page])
        data = EnvelopeSerializer(page, many=True, context={"totals": totals}).data
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        envelope = self.get_object()
        totals = envelope_status_totals(user=request.user, envelope_ids=[envelope.pk])
        return Response(EnvelopeSerializer(envelope, context={"totals": totals}).data)


class AllocationFilter(filters.FilterSet):
    year = filters.NumberFilter(field_name="year", help_text="Année / year.")
    region = filters.CharFilter(
        field_name="region_id", help_text="Code INSEE de la région / INSEE region code."
    )
    lab = filters.CharFilter(
        method="filter_lab",
        help_text="Clé du laboratoire (lui-même ou ses projets) / lab key (itself or its "
        "projects).",
    )
    status = filters.ChoiceFilter(
        field_name="status", choices=AllocationStatus.choices, help_text="Statut / status."
    )
    source = filters.CharFilter(
        field_name="envelope__funding_source__key",
        help_text="Clé de la source / funding source key.",
    )
    envelope = filters.CharFilter(
        field_name="envelope__key", help_text="Clé de l'enveloppe / envelope key."
    )

    class Meta:
        model = Allocation
        fields = ["year", "region", "lab", "status", "source", "envelope"]

    def filter_lab(self, queryset, name, value):
        return AllocationFilters(lab=value).apply(queryset)


@extend_schema_view(
    list=extend_schema(
        operation_id="allocations_list",
        tags=[TAG],
        summary="Attributions / Allocations",
        description=bilingual(
            "Les attributions décidées (engagées, versées) ; en plus, pour le responsable "
            "d'un laboratoire, toutes celles de son laboratoire, et pour la coordination, "
            "toutes. Un montant non indiqué est null (`amount_unknown` vrai).",
            "Decided allocations (committed, paid); a lab lead also gets all of their lab's, "
            "the coordination gets all. An amount not stated is null (`amount_unknown` true).",
        ),
        responses={200: AllocationSerializer, 400: INVALID_FILTER},
    ),
    retrieve=extend_schema(
        operation_id="allocations_retrieve",
        tags=[TAG],
        summary="Attribution : détail / Allocation: detail",
        parameters=[KEY],
        responses={200: AllocationSerializer, 404: NOT_FOUND},
    ),
)
class AllocationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, GenericViewSet
):
    serializer_class = AllocationSerializer
    filterset_class = AllocationFilter
    lookup_field = "key"
    queryset = Allocation.objects.none()

    def get_permissions(self):
        if self.action in ("create",) or self.request.method == "POST":
            return [IsAuthenticated()]
        return [AllowAny()]

    def get_queryset(self):
        return visible_allocations(user=self.request.user)

    def _context(self, allocations):
        return {"paid": paid_totals(allocation_ids=[a.pk for a in allocations])}

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        data = AllocationSerializer(page, many=True, context=self._context(page)).data
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        allocation = self.get_object()
        return Response(AllocationSerializer(allocation, context=self._context([allocation])).data)

    @extend_schema(
        operation_id="allocations_create",
        tags=[TAG],
        summary="Attribuer / Allocate",
        description=bilingual(
            "Réservé à la coordination nationale. Un seul bénéficiaire (`lab`, `project` ou "
            "`beneficiary_name` avec son `beneficiary_siret`). Une attribution qui dépasse ce "
            "qui reste dans l'enveloppe est refusée (400 sur `amount_eur`, même message que "
            "la page).",
            "Reserved to the national coordination. One beneficiary (`lab`, `project` or "
            "`beneficiary_name` with its `beneficiary_siret`). An allocation beyond what is "
            "left in the envelope is refused (400 on `amount_eur`, the page's message).",
        ),
        request=AllocationCreateSerializer,
        responses={
            201: AllocationSerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = AllocationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        status_, signed_on, reference = (
            data.pop("status"),
            data.pop("convention_signed_on", None),
            data.pop("convention_reference", ""),
        )
        try:
            created = allocation_create(
                actor=request.user,
                data=data,
                status=status_,
                convention_signed_on=signed_on,
                convention_reference=reference,
                channel=AuditEntry.Channel.API,
            )
        except DjangoValidationError as exc:
            raise_api_error(exc)
        created = self.get_queryset().get(pk=created.pk)
        return Response(
            AllocationSerializer(created, context=self._context([created])).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        methods=["get"],
        operation_id="allocations_payments_list",
        tags=[TAG],
        summary="Versements d'une attribution / An allocation's payments",
        description=bilingual(
            "Les versements enregistrés, du plus ancien au plus récent.",
            "Recorded payments, oldest first.",
        ),
        parameters=[KEY],
        responses={200: PaymentSerializer(many=True), 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["post"],
        operation_id="allocations_payments_create",
        tags=[TAG],
        summary="Enregistrer un versement / Record a payment",
        description=bilingual(
            "La coordination ou le responsable du laboratoire bénéficiaire. Les versements "
            "ne dépassent jamais le montant de l'attribution ; quand ils l'atteignent, "
            "l'attribution passe à « versée ».",
            "The coordination or the beneficiary lab's lead. Payments never exceed the "
            "allocation's amount; when they reach it, the allocation becomes paid.",
        ),
        parameters=[KEY],
        request=PaymentSerializer,
        responses={
            201: PaymentSerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN_PAYMENT,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def payments(self, request, key=None):
        try:
            allocation = Allocation.objects.filter(visible_allocations_filter(request.user)).get(
                key=key
            )
        except Allocation.DoesNotExist as exc:
            raise Http404 from exc
        if request.method == "GET":
            return Response(PaymentSerializer(allocation_payments(allocation), many=True).data)
        serializer = PaymentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            payment = payment_record(
                actor=request.user,
                allocation=allocation,
                channel=AuditEntry.Channel.API,
                **serializer.validated_data,
            )
        except DjangoValidationError as exc:
            raise_api_error(exc)
        return Response(PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


router = SimpleRouter(trailing_slash=True)
router.register("funding-sources", FundingSourceViewSet, basename="funding-source")
router.register("envelopes", EnvelopeViewSet, basename="envelope")
router.register("allocations", AllocationViewSet, basename="allocation")

urlpatterns = router.urls
