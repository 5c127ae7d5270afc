"""Programmes, cohorts, sessions and a person's enrolments in API v1."""

from rest_framework import serializers

from labnet.trainings.models import Cohort, Enrolment, Programme, Session

from .base import ModelSerializer
from .fields import PageUrlField
from .refs import LabRefSerializer, OrganisationRefSerializer


class ProgrammeSerializer(ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    organiser_organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    organiser_lab = LabRefSerializer(read_only=True, allow_null=True)
    source = serializers.SlugRelatedField(read_only=True, slug_field="key", allow_null=True)
    stated_trained_count = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Agents formés selon la source (distinct des comptes LabNet).",
    )
    cohort_count = serializers.IntegerField(read_only=True)
    enrolled_count = serializers.IntegerField(
        read_only=True, help_text="Personnes ayant une place confirmée (LabNet)."
    )
    attending_count = serializers.IntegerField(
        read_only=True, help_text="Personnes présentes à au moins une séance (LabNet)."
    )
    trained_count = serializers.IntegerField(
        read_only=True, help_text="Personnes ayant atteint la règle de réussite (LabNet)."
    )
    url = PageUrlField(help_text="Page de la formation.")

    class Meta:
        model = Programme
        fields = [
            "key",
            "name",
            "kind",
            "kind_label",
            "organiser_organisation",
            "organiser_lab",
            "audience",
            "description",
            "started_on",
            "completion_rule_percent",
            "stated_trained_count",
            "stated_recurrence",
            "source",
            "cohort_count",
            "enrolled_count",
            "attending_count",
            "trained_count",
            "url",
        ]
        read_only_fields = fields


class CohortSerializer(ModelSerializer):
    programme = serializers.SlugRelatedField(read_only=True, slug_field="key")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    member_labs = LabRefSerializer(
        many=True, read_only=True, help_text="Labs participants selon la source."
    )
    places_left = serializers.SerializerMethodField(
        help_text="Places restantes ; null si le nombre de places n'est pas limité."
    )
    confirmed_count = serializers.IntegerField(read_only=True)
    waiting_count = serializers.IntegerField(read_only=True)
    session_count = serializers.IntegerField(read_only=True, help_text="Séances non annulées.")
    attending_count = serializers.IntegerField(read_only=True)
    trained_count = serializers.IntegerField(read_only=True)
    url = PageUrlField(help_text="Page de la promotion.")

    class Meta:
        model = Cohort
        fields = [
            "id",
            "key",
            "programme",
            "number",
            "name",
            "status",
            "status_label",
            "starts_on",
            "capacity",
            "enrolment_open",
            "places_left",
            "confirmed_count",
            "waiting_count",
            "session_count",
            "attending_count",
            "trained_count",
            "member_labs",
            "note",
            "url",
        ]
        read_only_fields = fields

    def get_places_left(self, cohort) -> int | None:
        if cohort.capacity is None:
            return None
        return max(cohort.capacity - cohort.confirmed_count, 0)


class SessionSerializer(ModelSerializer):
    cohort = serializers.PrimaryKeyRelatedField(read_only=True)
    cohort_key = serializers.CharField(source="cohort.key", read_only=True)
    programme = serializers.CharField(
        source="cohort.programme.key", read_only=True, help_text="Clé de la formation."
    )

    class Meta:
        model = Session
        # The connection link is left out: the site shows it to confirmed people only.
        fields = [
            "id",
            "cohort",
            "cohort_key",
            "programme",
            "title",
            "starts_at",
            "ends_at",
            "time_zone",
            "is_online",
            "place",
            "is_cancelled",
        ]
        read_only_fields = fields


class EnrolmentSerializer(ModelSerializer):
    cohort = serializers.PrimaryKeyRelatedField(read_only=True)
    cohort_key = serializers.CharField(source="cohort.key", read_only=True)
    programme = serializers.CharField(source="cohort.programme.key", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    attended_count = serializers.IntegerField(read_only=True, help_text="Séances suivies.")
    session_count = serializers.IntegerField(
        read_only=True, help_text="Séances non annulées de la promotion."
    )

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "cohort",
            "cohort_key",
            "programme",
            "status",
            "status_label",
            "position",
            "attended_count",
            "session_count",
            "completed_at",
            "certificate_number",
            "created_at",
            "cancelled_at",
        ]
        read_only_fields = fields
