from rest_framework import serializers

from labnet.labs.enums import LabMission
from labnet.labs.models import Lab, Theme

from .base import ModelSerializer
from .fields import PageUrlField, key_list
from .refs import OrganisationRefSerializer, RegionRefSerializer, ThemeRefSerializer


class ThemeSerializer(ModelSerializer):
    name = serializers.CharField(source="name_fr", read_only=True)

    class Meta:
        model = Theme
        fields = ["key", "name", "name_en"]
        read_only_fields = fields


class LabSerializer(ModelSerializer):
    host = OrganisationRefSerializer(read_only=True, allow_null=True)
    region = RegionRefSerializer(read_only=True, allow_null=True)
    departments = key_list(slug_field="code", help_text="Codes INSEE des départements.")
    networks = key_list(help_text="Clés des réseaux dont le laboratoire est membre.")
    missions = serializers.ListField(
        child=serializers.ChoiceField(choices=LabMission.choices), read_only=True
    )
    themes = ThemeRefSerializer(many=True, read_only=True)
    # A number, not the string DRF gives decimals by default: it is a head count.
    team_fte = serializers.DecimalField(
        max_digits=5, decimal_places=1, coerce_to_string=False, read_only=True, allow_null=True
    )
    source = serializers.CharField(source="source_id", read_only=True, allow_null=True)
    url = PageUrlField(help_text="Page publique du laboratoire.")
    api_url = serializers.HyperlinkedIdentityField(view_name="api:lab-detail", lookup_field="key")

    class Meta:
        model = Lab
        fields = [
            "key",
            "name",
            "kind",
            "status",
            "closed_on",
            "host",
            "region",
            "departments",
            "founded_year",
            "is_itinerant",
            "networks",
            "missions",
            "themes",
            "summary",
            "email",
            "website",
            "team_fte",
            "source",
            "url",
            "api_url",
        ]
        read_only_fields = fields
