from rest_framework import serializers

from labnet.projects.models import Project

from .fields import PublicPageField, key_list
from .refs import LabRefSerializer, RegionRefSerializer, ThemeRefSerializer


class ProjectSerializer(serializers.ModelSerializer):
    """A project as `api.querysets.project_queryset` fetches it for the caller.

    `scaled_from` and `reuses` come already restricted to the projects the caller may read.
    """

    lead_lab = LabRefSerializer(read_only=True, allow_null=True)
    partner_labs = key_list(help_text="Clés des laboratoires partenaires.")
    organisations = key_list(help_text="Clés des organisations partenaires.")
    region = RegionRefSerializer(read_only=True, allow_null=True)
    departments = key_list(slug_field="code", help_text="Codes INSEE des départements.")
    themes = ThemeRefSerializer(many=True, read_only=True)
    scaled_from = serializers.CharField(
        source="visible_scaled_from_key",
        read_only=True,
        allow_null=True,
        help_text="Clé du projet repris, s'il est visible.",
    )
    reuses = key_list(help_text="Clés des projets visibles qui reprennent celui-ci.")
    source = serializers.CharField(source="source_id", read_only=True, allow_null=True)
    url = PublicPageField(help_text="Page publique du projet.")
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:project-detail", lookup_field="key"
    )

    class Meta:
        model = Project
        fields = [
            "key",
            "title",
            "lead_lab",
            "partner_labs",
            "organisations",
            "region",
            "departments",
            "stage",
            "status",
            "themes",
            "objective",
            "approach",
            "results",
            "started_year",
            "scaled_from",
            "reuses",
            "is_public",
            "source",
            "url",
            "api_url",
        ]
        read_only_fields = fields
