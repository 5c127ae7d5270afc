"""Serializers of the people domain. A person is only ever serialized from a
`people.selectors.findable.PublicPerson`, whose hidden parts are already blank: the API cannot show
more than the person chose to show."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labnet.organisations.enums import CivilServiceSide
from labnet.people.enums import Availability
from labnet.people.models import Skill

from .base import ModelSerializer
from .fields import absolute_url
from .refs import LabRefSerializer, OrganisationRefSerializer, RegionRefSerializer


class SkillSerializer(ModelSerializer):
    themes = serializers.SlugRelatedField(slug_field="key", many=True, read_only=True)

    class Meta:
        model = Skill
        fields = ["key", "name", "themes"]
        read_only_fields = fields


class SkillRefSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class DepartmentRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class PersonSerializer(serializers.Serializer):
    """Fields a person did not choose to show are null (or an empty list / string)."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    skills = SkillRefSerializer(many=True, read_only=True)
    availability = serializers.ChoiceField(choices=Availability.choices, read_only=True)
    availability_note = serializers.CharField(read_only=True)
    contact_allowed = serializers.BooleanField(read_only=True)
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    side = serializers.SerializerMethodField()
    region = RegionRefSerializer(read_only=True, allow_null=True)
    department = DepartmentRefSerializer(read_only=True, allow_null=True)
    labs = LabRefSerializer(many=True, read_only=True)
    bio = serializers.CharField(read_only=True)
    page = serializers.SerializerMethodField()

    # A plain string: the same choices as an organisation's `civil_service_side`, without a
    # second enum of the same values in the OpenAPI document.
    @extend_schema_field(
        serializers.CharField(
            allow_null=True, help_text="state | local | hospital (null si non montré / if hidden)"
        )
    )
    def get_side(self, person) -> str | None:
        return person.side or None

    def get_page(self, person) -> str:
        return absolute_url(self.context, person.url)


class MatchSerializer(PersonSerializer):
    score = serializers.IntegerField(read_only=True)
    reasons = serializers.ListField(child=serializers.CharField(), read_only=True)

    def to_representation(self, match):
        data = super().to_representation(match.person)
        data["score"] = match.score
        data["reasons"] = match.reasons
        return data


# A filter names a key or a code: far shorter than this.
FILTER_MAX_LENGTH = 200


class PersonFilterSerializer(serializers.Serializer):
    """The finder's filters, as query parameters."""

    skill = serializers.ListField(
        child=serializers.CharField(
            max_length=FILTER_MAX_LENGTH,
        ),
        required=False,
    )
    region = serializers.CharField(max_length=FILTER_MAX_LENGTH, required=False)
    department = serializers.CharField(max_length=FILTER_MAX_LENGTH, required=False)
    lab = serializers.CharField(max_length=FILTER_MAX_LENGTH, required=False)
    side = serializers.ChoiceField(choices=CivilServiceSide.choices, required=False)
