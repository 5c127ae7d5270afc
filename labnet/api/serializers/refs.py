"""Short references to other resources ({key, name}), nested in the resources that cite them."""

from rest_framework import serializers

from labnet.labs.models import Lab, Theme
from labnet.organisations.models import Organisation
from labnet.territories.models import Region

from .base import ModelSerializer


class RegionRefSerializer(ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name"]
        read_only_fields = fields


class OrganisationRefSerializer(ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["key", "name"]
        read_only_fields = fields


class LabRefSerializer(ModelSerializer):
    class Meta:
        model = Lab
        fields = ["key", "name"]
        read_only_fields = fields


class ThemeRefSerializer(ModelSerializer):
    name = serializers.CharField(source="name_fr", read_only=True)

    class Meta:
        model = Theme
        fields = ["key", "name"]
        read_only_fields = fields
