"""Serializers of the network's funding. Amounts are decimal strings in euros with cents
("12000000.00"), never floats nor localised; an amount not stated is null."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labnet.core.text import model_max_length
from labnet.funding.enums import AllocationStatus, FundingSourceKind
from labnet.funding.models import Allocation, Envelope, FundingSource, Payment
from labnet.labs.models import Lab
from labnet.projects.models import Project
from labnet.territories.models import Region

from .base import ModelSerializer
from .refs import LabRefSerializer, RegionRefSerializer
from .resources import ProjectRefSerializer


def _enum(values, description: str) -> dict:
    return {"type": "string", "enum": list(values), "description": description}


@extend_schema_field(
    _enum(AllocationStatus.values, "Statut de l'attribution / allocation status."),
    component_name="AllocationStatusEnum",
)
class AllocationStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("choices", AllocationStatus.choices)
        super().__init__(**kwargs)


@extend_schema_field(
    _enum(FundingSourceKind.values, "Nature de la source / funding source kind."),
    component_name="FundingSourceKindEnum",
)
class FundingSourceKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=FundingSourceKind.choices, **kwargs)


def money(**kwargs):
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, coerce_to_string=True, **kwargs
    )


class FundingSourceSerializer(ModelSerializer):
    kind = FundingSourceKindField(read_only=True)
    envelope_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = FundingSource
        fields = ["key", "name", "kind", "description", "envelope_count"]
        read_only_fields = fields


class TotalSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Attributions / allocations.")
    amount_eur = money(help_text="Somme des montants connus / sum of known amounts.")
    unknown_amounts = serializers.IntegerField(
        help_text="Montants non indiqués (non comptés) / amounts not stated (not counted)."
    )
    fte = serializers.DecimalField(max_digits=10, decimal_places=2, coerce_to_string=True)


class StatusTotalsSerializer(serializers.Serializer):
    planned = TotalSerializer(required=False)
    committed = TotalSerializer(required=False)
    paid = TotalSerializer(required=False)
    cancelled = TotalSerializer(required=False)


class EnvelopeSerializer(ModelSerializer):
    funding_source = serializers.SlugRelatedField(slug_field="key", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    amount_eur = money(read_only=True, allow_null=True)
    totals = serializers.SerializerMethodField(
        help_text="Totaux attribués par statut, parmi les attributions visibles / allocated "
        "totals by status, among the allocations the caller may read."
    )

    class Meta:
        model = Envelope
        fields = [
            "key",
            "name",
            "funding_source",
            "parent",
            "amount_eur",
            "year",
            "scope",
            "description",
            "totals",
        ]
        read_only_fields = fields

    @extend_schema_field(StatusTotalsSerializer)
    def get_totals(self, envelope):
        by_status = self.context.get("totals", {}).get(envelope.pk, {})
        return {status: TotalSerializer(total).data for status, total in by_status.items()}


class AllocationSerializer(ModelSerializer):
    envelope = serializers.SlugRelatedField(slug_field="key", read_only=True)
    funding_source = serializers.CharField(source="envelope.funding_source.key", read_only=True)
    lab = LabRefSerializer(read_only=True, allow_null=True)
    project = ProjectRefSerializer(read_only=True, allow_null=True)
    region = RegionRefSerializer(read_only=True, allow_null=True)
    amount_eur = money(read_only=True, allow_null=True)
    status = AllocationStatusField(read_only=True)
    paid_eur = serializers.SerializerMethodField(
        help_text="Total versé / total paid (null when nothing is paid)."
    )

    class Meta:
        model = Allocation
        fields = [
            "key",
            "envelope",
            "funding_source",
            "lab",
            "project",
            "beneficiary_name",
            "beneficiary_siret",
            "region",
            "amount_eur",
            "amount_unknown",
            "fte",
            "year",
            "period_start",
            "period_end",
            "status",
            "convention_signed_on",
            "convention_reference",
            "decision",
            "eu_notified",
            "description",
            "paid_eur",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True))
    def get_paid_eur(self, allocation):
        paid = self.context.get("paid", {}).get(allocation.pk)
        return None if paid is None else f"{paid:.2f}"


class AllocationCreateSerializer(serializers.Serializer):
    """What the coordination sends to allocate: keys for the envelope and beneficiary."""

    envelope = serializers.SlugRelatedField(slug_field="key", queryset=Envelope.objects.all())
    lab = serializers.SlugRelatedField(
        slug_field="key", queryset=Lab.objects.all(), required=False, allow_null=True
    )
    project = serializers.SlugRelatedField(
        slug_field="key", queryset=Project.objects.all(), required=False, allow_null=True
    )
    beneficiary_name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    beneficiary_siret = serializers.CharField(max_length=20, required=False, allow_blank=True)
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), required=False, allow_null=True
    )
    amount_eur = money(required=False, allow_null=True, min_value=0)
    amount_unknown = serializers.BooleanField(required=False, default=False)
    fte = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    year = serializers.IntegerField(required=False, allow_null=True, min_value=1900, max_value=2100)
    period_start = serializers.DateField(required=False, allow_null=True)
    period_end = serializers.DateField(required=False, allow_null=True)
    status = AllocationStatusField(
        choices=[
            (AllocationStatus.PLANNED.value, AllocationStatus.PLANNED.label),
            (AllocationStatus.COMMITTED.value, AllocationStatus.COMMITTED.label),
        ],
        required=False,
        default=AllocationStatus.PLANNED,
    )
    convention_signed_on = serializers.DateField(required=False, allow_null=True)
    convention_reference = serializers.CharField(max_length=200, required=False, allow_blank=True)
    decision = serializers.CharField(
        max_length=model_max_length(Allocation, "decision"), required=False, allow_blank=True
    )
    eu_notified = serializers.BooleanField(required=False, default=False)
    description = serializers.CharField(
        max_length=model_max_length(Allocation, "description"), required=False, allow_blank=True
    )


class PaymentSerializer(ModelSerializer):
    amount_eur = money(min_value=0)

    class Meta:
        model = Payment
        fields = ["id", "paid_on", "amount_eur", "reference"]
        read_only_fields = ["id"]
