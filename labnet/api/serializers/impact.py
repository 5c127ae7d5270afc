"""Serializers of impact: indicators with their measured values and progress."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labnet.core.text import model_max_length
from labnet.impact.enums import Direction
from labnet.impact.models import Indicator, Measurement
from labnet.projects.models import Project

from .base import ModelSerializer


@extend_schema_field(
    {"type": "string", "enum": Direction.values, "description": "Sens souhaité / direction."},
    component_name="IndicatorDirectionEnum",
)
class DirectionField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Direction.choices, **kwargs)


class ProgressSerializer(serializers.Serializer):
    percent = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        allow_null=True,
        help_text="0–100 ; null si non calculable / null when not computable.",
    )
    computable = serializers.BooleanField()
    reason = serializers.CharField(help_text="Pourquoi non calculable / why not computable.")
    on_track = serializers.BooleanField()


class MeasurementSerializer(ModelSerializer):
    value = serializers.DecimalField(max_digits=16, decimal_places=4, coerce_to_string=True)
    source_document = serializers.IntegerField(
        source="source_document_id", allow_null=True, read_only=True
    )

    class Meta:
        model = Measurement
        fields = [
            "id",
            "value",
            "measured_on",
            "source_document",
            "source_url",
            "source_text",
            "comment",
        ]
        read_only_fields = fields


class MeasurementWriteSerializer(serializers.Serializer):
    """What a team sends; the service validates (French messages, field by field)."""

    value = serializers.DecimalField(max_digits=16, decimal_places=4)
    measured_on = serializers.DateField()
    source_document = serializers.IntegerField(
        required=False, allow_null=True, help_text="Id d'un document du projet / document id."
    )
    source_url = serializers.CharField(
        max_length=model_max_length(Measurement, "source_url"), required=False, allow_blank=True
    )
    source_text = serializers.CharField(
        max_length=model_max_length(Measurement, "source_text"), required=False, allow_blank=True
    )
    comment = serializers.CharField(
        max_length=model_max_length(Measurement, "comment"), required=False, allow_blank=True
    )


class MeasurementPatchSerializer(MeasurementWriteSerializer):
    value = serializers.DecimalField(max_digits=16, decimal_places=4, required=False)
    measured_on = serializers.DateField(required=False)


class IndicatorWriteSerializer(serializers.Serializer):
    """What a team sends to create an indicator; the service validates and answers in
    French, field by field (numbers as "12,5" or "12.5", like the team's page)."""

    project = serializers.CharField(
        max_length=model_max_length(Project, "key"), help_text="Clé du projet / project key."
    )
    name = serializers.CharField(
        required=False, allow_blank=True, max_length=model_max_length(Indicator, "name")
    )
    unit = serializers.CharField(
        required=False, allow_blank=True, max_length=model_max_length(Indicator, "unit")
    )
    direction = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text="increase | decrease"
    )
    # Numbers as typed ("12,5"), parsed by the service: a number's length, not a text's.
    baseline_value = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=40
    )
    baseline_on = serializers.DateField(required=False, allow_null=True)
    target_value = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=40
    )
    target_on = serializers.DateField(required=False, allow_null=True)
    is_public = serializers.BooleanField(required=False, default=False)


class IndicatorSerializer(ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="key", read_only=True)
    direction = DirectionField(read_only=True)
    baseline_value = serializers.DecimalField(
        max_digits=16, decimal_places=4, allow_null=True, read_only=True
    )
    target_value = serializers.DecimalField(
        max_digits=16, decimal_places=4, allow_null=True, read_only=True
    )
    current_value = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    measurements = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "key",
            "project",
            "name",
            "unit",
            "direction",
            "baseline_value",
            "baseline_on",
            "target_value",
            "target_on",
            "is_public",
            "current_value",
            "progress",
            "measurements",
        ]
        read_only_fields = fields

    def _view(self, indicator):
        from labnet.impact.selectors import IndicatorView

        cache = self.context.setdefault("_views", {})
        if indicator.pk not in cache:
            cache[indicator.pk] = IndicatorView(indicator, list(indicator.measurements.all()))
        return cache[indicator.pk]

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True))
    def get_current_value(self, indicator):
        current = self._view(indicator).current
        return None if current is None else f"{current:f}"

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, indicator):
        p = self._view(indicator).progress
        return {
            "percent": None if p.percent is None else f"{p.percent:f}",
            "computable": p.computable,
            "reason": p.reason,
            "on_track": p.on_track,
        }

    @extend_schema_field(MeasurementSerializer(many=True))
    def get_measurements(self, indicator):
        # Plain dicts, the same fields as MeasurementSerializer: one nested serializer per
        # indicator of a page costs more than the page's queries.
        return [
            {
                "id": m.pk,
                "value": f"{m.value:.4f}",
                "measured_on": m.measured_on.isoformat() if m.measured_on else None,
                "source_document": m.source_document_id,
                "source_url": m.source_url,
                "source_text": m.source_text,
                "comment": m.comment,
            }
            for m in self._view(indicator).measurements
        ]
