from rest_framework import serializers

from labnet.organisations.models import Organisation

from .base import ModelSerializer
from .refs import RegionRefSerializer


class OrganisationSerializer(ModelSerializer):
    region = RegionRefSerializer(read_only=True, allow_null=True)
    parent = serializers.SlugRelatedField(read_only=True, slug_field="key", allow_null=True)

    class Meta:
        model = Organisation
        fields = [
            "key",
            "name",
            "acronym",
            "kind",
            "civil_service_side",
            "region",
            "parent",
            "website",
        ]
        read_only_fields = fields
