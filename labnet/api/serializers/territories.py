from labnet.territories.models import Department, Region

from .base import ModelSerializer
from .fields import key_list
from .refs import RegionRefSerializer


class RegionSerializer(ModelSerializer):
    departments = key_list(slug_field="code", help_text="Codes INSEE des départements.")

    class Meta:
        model = Region
        fields = ["code", "name", "is_overseas", "timezone", "departments"]
        read_only_fields = fields


class DepartmentSerializer(ModelSerializer):
    region = RegionRefSerializer(read_only=True)

    class Meta:
        model = Department
        fields = ["code", "name", "region"]
        read_only_fields = fields
