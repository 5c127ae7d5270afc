"""Serializers of roadmaps: axes, groups and items nested, stated beside counted figures."""

from rest_framework import serializers

from labnet.roadmaps.models import Roadmap

from .base import ModelSerializer
from .refs import LabRefSerializer, RegionRefSerializer


class RoadmapSerializer(ModelSerializer):
    lab = LabRefSerializer(read_only=True)
    region = RegionRefSerializer(read_only=True)
    axis_count = serializers.IntegerField(read_only=True, help_text="Axes listés / listed.")
    item_count = serializers.IntegerField(read_only=True, help_text="Éléments listés / listed.")
    linked_count = serializers.IntegerField(
        read_only=True, help_text="Éléments liés à un projet / items linked to a project."
    )

    class Meta:
        model = Roadmap
        fields = [
            "key",
            "title",
            "lab",
            "region",
            "period_start",
            "period_end",
            "description",
            "stated_project_count",
            "stated_axis_count",
            "axis_count",
            "item_count",
            "linked_count",
        ]
        read_only_fields = fields


class ItemProgressSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="Clé de l'indicateur / indicator key.")
    name = serializers.CharField()
    percent = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    on_track = serializers.BooleanField()


class ItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    position = serializers.IntegerField()
    project = serializers.CharField(
        allow_null=True, help_text="Clé du projet lié, si visible / linked project key."
    )
    stage = serializers.CharField(help_text="Étape du projet lié / linked project's stage.")
    indicators = ItemProgressSerializer(many=True)


class GroupSerializer(serializers.Serializer):
    title = serializers.CharField()
    position = serializers.IntegerField()
    items = ItemSerializer(many=True)


class RollupSerializer(serializers.Serializer):
    items = serializers.IntegerField()
    started = serializers.IntegerField()
    by_stage = serializers.DictField(child=serializers.IntegerField())
    indicators = serializers.IntegerField()
    computable = serializers.IntegerField()
    on_track = serializers.IntegerField()


class AxisSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    position = serializers.IntegerField()
    rollup = RollupSerializer()
    groups = GroupSerializer(many=True)


class RoadmapDetailSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    lab = LabRefSerializer(allow_null=True)
    region = RegionRefSerializer(allow_null=True)
    period_start = serializers.IntegerField(allow_null=True)
    period_end = serializers.IntegerField(allow_null=True)
    description = serializers.CharField()
    stated_project_count = serializers.IntegerField(allow_null=True)
    stated_axis_count = serializers.IntegerField(allow_null=True)
    counted_item_count = serializers.IntegerField()
    counted_axis_count = serializers.IntegerField()
    rollup = RollupSerializer()
    axes = AxisSerializer(many=True)


def _rollup(rollup) -> dict:
    return {
        "items": rollup.items,
        "started": rollup.started,
        "by_stage": dict(rollup.by_stage),
        "indicators": rollup.indicators,
        "computable": rollup.computable,
        "on_track": rollup.on_track,
    }


def roadmap_detail_data(view) -> dict:
    """The nested document of a roadmap page (labnet.roadmaps.selectors.RoadmapView)."""
    r = view.roadmap
    return {
        "key": r.key,
        "title": r.title,
        "lab": r.lab,
        "region": r.region,
        "period_start": r.period_start,
        "period_end": r.period_end,
        "description": r.description,
        "stated_project_count": r.stated_project_count,
        "stated_axis_count": r.stated_axis_count,
        "counted_item_count": view.total.items,
        "counted_axis_count": len(view.axes),
        "rollup": _rollup(view.total),
        "axes": [
            {
                "key": a.axis.key,
                "title": a.axis.title,
                "position": a.axis.position,
                "rollup": _rollup(a.rollup),
                "groups": [
                    {
                        "title": g.group.title,
                        "position": g.group.position,
                        "items": [
                            {
                                "key": v.item.key,
                                "title": v.item.title,
                                "description": v.item.description,
                                "position": v.item.position,
                                "project": v.project.key if v.project else None,
                                "stage": v.stage,
                                "indicators": [
                                    {
                                        "indicator": i.indicator.key,
                                        "name": i.indicator.name,
                                        "percent": i.progress.percent,
                                        "on_track": i.progress.on_track,
                                    }
                                    for i in v.indicators
                                ],
                            }
                            for v in g.items
                        ],
                    }
                    for g in a.groups
                ],
            }
            for a in view.axes
        ],
    }
