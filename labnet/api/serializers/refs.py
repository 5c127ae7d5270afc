"""Short references to other resources ({key, name}), nested in the resources that cite them."""

from rest_framework import serializers

from labnet.labs.models import Lab, Theme
from labnet.organisations.models import Organisation
from labnet.territories.models import Region


class RegionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name"]
        read_only_fields = fields


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["key", "name"]
        read_only_fields = fields


class LabRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lab
        fields = ["key", "name"]
        read_only_fields = fields


class ThemeRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="name_fr", read_only=True)

    class Meta:
        model = Theme
        fields = ["key", "name"]
        read_only_fields = fields
