"""Serializers of the shared library and of a lab's cooperations."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labnet.accounts.rules import is_coordinator
from labnet.core.text import model_max_length
from labnet.labs.models import Lab, Theme
from labnet.projects.models import Project
from labnet.resources.enums import Licence, ResourceKind, ResourceStatus, ReviewDecision
from labnet.resources.models import Resource, ResourceTag
from labnet.resources.rules import can_edit_proposal, is_proposer

from .base import ModelSerializer
from .fields import SafeSlugRelatedField, absolute_url, optional_reference
from .refs import LabRefSerializer, ThemeRefSerializer


def _enum(values, description: str) -> dict:
    return {"type": "string", "enum": list(values), "description": description}


# Named components of their own: "kind" and "status" already name other choice sets in
# the document, and a generated "Kind46cEnum" would help no reader.
@extend_schema_field(
    _enum(ResourceKind.values, "Nature / kind."), component_name="ResourceKindEnum"
)
class KindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ResourceKind.choices, **kwargs)


@extend_schema_field(
    _enum(ResourceStatus.values, "Statut / status."), component_name="ResourceStatusEnum"
)
class ResourceStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ResourceStatus.choices, **kwargs)


class ProjectRefSerializer(ModelSerializer):
    class Meta:
        model = Project
        fields = ["key", "title"]
        read_only_fields = fields


class ResourceSerializer(ModelSerializer):
    kind = KindField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status = ResourceStatusField(read_only=True)
    licence_label = serializers.CharField(source="get_licence_display", read_only=True)
    licence_url = serializers.CharField(
        read_only=True, help_text="Texte officiel de la licence ouverte, ou chaîne vide."
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    themes = ThemeRefSerializer(many=True, read_only=True)
    lab = LabRefSerializer(read_only=True, allow_null=True)
    file_url = serializers.SerializerMethodField(help_text="Téléchargement du fichier, ou null.")
    page_url = serializers.SerializerMethodField(help_text="Page de la ressource sur le site.")

    class Meta:
        model = Resource
        fields = [
            "key",
            "title",
            "kind",
            "kind_label",
            "summary",
            "url",
            "file_url",
            "content_type",
            "size",
            "licence",
            "licence_label",
            "licence_url",
            "tags",
            "themes",
            "lab",
            "status",
            "status_label",
            "published_at",
            "page_url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, resource) -> str:
        return absolute_url(self.context, resource.get_absolute_url())

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_file_url(self, resource):
        if not resource.file:
            return None
        return absolute_url(
            self.context, reverse("resources:download", kwargs={"key": resource.key})
        )


class ResourceDetailSerializer(ResourceSerializer):
    projects = ProjectRefSerializer(
        many=True, read_only=True, help_text="Projets qui l'ont utilisée (visibles seulement)."
    )
    review_message = serializers.SerializerMethodField(
        help_text="Message de la coordination : pour le proposant et la coordination seulement."
    )
    can_edit = serializers.SerializerMethodField()

    class Meta(ResourceSerializer.Meta):
        fields = [*ResourceSerializer.Meta.fields, "projects", "review_message", "can_edit"]
        read_only_fields = fields

    def _user(self):
        request = self.context.get("request")
        return request.user if request is not None else None

    def get_review_message(self, resource) -> str:
        user = self._user()
        if is_proposer(user, resource) or is_coordinator(user):
            return resource.review_message
        return ""

    def get_can_edit(self, resource) -> bool:
        return can_edit_proposal(self._user(), resource)


class ResourceProposeSerializer(serializers.Serializer):
    """A proposal; the service checks every field and answers in French."""

    title = serializers.CharField(
        max_length=model_max_length(Resource, "title"), required=False, allow_blank=True, default=""
    )
    # No default: an empty string is not one of the documented choices. A missing kind
    # or licence reaches the service as "" and gets its French message there.
    kind = KindField(
        required=False,
        allow_blank=True,
        error_messages={"invalid_choice": "Nature inconnue : « {input} »."},
    )
    summary = serializers.CharField(
        max_length=model_max_length(Resource, "summary"),
        required=False,
        allow_blank=True,
        default="",
    )
    url = serializers.CharField(
        max_length=model_max_length(Resource, "url"), required=False, allow_blank=True, default=""
    )
    licence = serializers.ChoiceField(
        choices=Licence.choices,
        required=False,
        allow_blank=True,
        error_messages={"invalid_choice": "Licence inconnue : « {input} »."},
    )
    tags = serializers.ListField(
        child=serializers.CharField(
            max_length=model_max_length(ResourceTag, "name"),
        ),
        required=False,
        default=list,
        help_text="Mots-clés libres.",
    )
    themes = SafeSlugRelatedField(
        many=True,
        slug_field="key",
        queryset=Theme.objects.all(),
        required=False,
        default=list,
        error_messages={"does_not_exist": "Thème inconnu : « {value} »."},
    )
    lab = optional_reference(
        Lab.objects.all(),
        unknown="Laboratoire inconnu : « {value} ».",
        help_text="Clé du laboratoire auteur (l'un des vôtres).",
    )
    file = serializers.FileField(
        required=False, allow_null=True, default=None, help_text="En multipart/form-data."
    )


class ResourceReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=ReviewDecision.choices,
        error_messages={"invalid_choice": "Décision inconnue : « {input} »."},
    )
    message = serializers.CharField(
        max_length=model_max_length(Resource, "review_message"),
        required=False,
        allow_blank=True,
        default="",
        help_text="Obligatoire pour refuse.",
    )


class CooperationSerializer(serializers.Serializer):
    lab = LabRefSerializer()
    shared_projects = serializers.IntegerField(help_text="Projets menés ensemble (visibles).")
    take_ups = serializers.IntegerField(help_text="Reprises de projets entre les deux labs.")
    total = serializers.IntegerField()


class SharedProjectSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    lead_lab = LabRefSerializer(allow_null=True)
    other_labs = LabRefSerializer(many=True, help_text="Le pilote d'abord, puis par nom.")


class LedProjectSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    lead_lab = LabRefSerializer(allow_null=True)


class TakeUpSerializer(LedProjectSerializer):
    scaled_from = LedProjectSerializer(help_text="Le projet repris.")
