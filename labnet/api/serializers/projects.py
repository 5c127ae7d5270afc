from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labnet.core.text import model_max_length
from labnet.projects.enums import ActivityKind, ProjectStatus, Stage
from labnet.projects.models import Activity, Project, StageTransition

from .base import ModelSerializer
from .fields import PageUrlField, absolute_url, key_list
from .refs import LabRefSerializer, RegionRefSerializer, ThemeRefSerializer


class ProjectSerializer(ModelSerializer):
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
    url = PageUrlField(help_text="Page publique du projet.")
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


# --- accompaniment (labnet.api.accompaniment) ------------------------------------------------


def _enum_ref(component, description):
    # The project's own `stage` and `status` enum components, referred to rather than
    # repeated: one choice set, one name in the document (--validate catches a dangling ref).
    return {"allOf": [{"$ref": f"#/components/schemas/{component}"}], "description": description}


STAGE_HELP = "Étape / stage."
STATUS_HELP = "Statut / status."


@extend_schema_field(_enum_ref("StageEnum", STAGE_HELP))
class StageField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Stage.choices, allow_blank=True, **kwargs)


@extend_schema_field(_enum_ref("ProjectStatusEnum", STATUS_HELP))
class StatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ProjectStatus.choices, allow_blank=True, **kwargs)


class TransitionSerializer(ModelSerializer):
    """A recorded gate decision: the move, who made it, when and why."""

    from_stage = StageField(read_only=True)
    to_stage = StageField(read_only=True)
    from_status = StatusField(read_only=True)
    to_status = StatusField(read_only=True)

    actor = serializers.CharField(
        source="actor.full_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = StageTransition
        fields = [
            "from_stage",
            "to_stage",
            "from_status",
            "to_status",
            "reason",
            "actor",
            "created_at",
        ]
        read_only_fields = fields


class TransitionCreateSerializer(serializers.Serializer):
    """A move to ask for: a stage or a status, and the decision's reason.

    Nothing is checked here but the types: the pipeline's map decides, and its French
    message comes back as a structured error on `to_stage`, `to_status` or `reason`.
    """

    to_stage = StageField(required=False)
    to_status = StatusField(required=False)
    reason = serializers.CharField(
        max_length=model_max_length(StageTransition, "reason"),
        required=False,
        allow_blank=True,
        help_text="Décision et motif (obligatoire) / reason (required).",
    )


# More people than France has: a typing error, whatever the activity.
COUNT_MAX = 100_000_000


class ActivitySerializer(ModelSerializer):
    """An entry of the project's journal."""

    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    # Bounded: a number beyond the database's integer is a 400, not a server error.
    agents_count = serializers.IntegerField(
        min_value=0, max_value=COUNT_MAX, required=False, default=0
    )
    users_count = serializers.IntegerField(
        min_value=0, max_value=COUNT_MAX, required=False, default=0
    )
    partners_count = serializers.IntegerField(
        min_value=0, max_value=COUNT_MAX, required=False, default=0
    )
    notes = serializers.CharField(
        max_length=model_max_length(Activity, "notes"), required=False, allow_blank=True, default=""
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "kind",
            "happened_on",
            "title",
            "agents_count",
            "users_count",
            "partners_count",
            "notes",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]


class SimilarProjectSerializer(serializers.Serializer):
    """A project of the network close to the one asked about, with its score."""

    key = serializers.CharField(source="project.key")
    title = serializers.CharField(source="project.title")
    lead_lab = LabRefSerializer(source="project.lead_lab", allow_null=True)
    stage = serializers.CharField(source="project.stage")
    score = serializers.FloatField(help_text="Score relatif, comparable dans une même liste.")
    url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField())
    def get_url(self, item) -> str:
        return absolute_url(self.context, item.project.get_absolute_url())


class LineageNodeSerializer(serializers.Serializer):
    """A project of the lineage; `key` and `title` are null for one the caller may not read."""

    key = serializers.CharField(allow_null=True)
    title = serializers.CharField(allow_null=True)
    lead_lab = LabRefSerializer(allow_null=True)
    is_current = serializers.BooleanField(help_text="Le projet demandé / the project asked for.")
    hidden_reuses = serializers.IntegerField(
        help_text="Reprises non publiées juste en dessous / unpublished reuses just below."
    )


# A node holds its reuses: declared after the class so the serializer can refer to itself.
LineageNodeSerializer._declared_fields["reuses"] = LineageNodeSerializer(many=True)


class LineageSerializer(serializers.Serializer):
    reuse_count = serializers.IntegerField(
        help_text="Reprises dans toute la lignée, publiées ou non / reuses in the whole lineage."
    )
    root = LineageNodeSerializer(help_text="Le projet d'origine / the first project.")


class PublicationSerializer(ModelSerializer):
    class Meta:
        model = Project
        fields = ["key", "is_public", "published_at"]
        read_only_fields = fields
