"""Serializers of the single window's endpoints: requests, their history, decisions and
response times."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labnet.core.text import model_max_length
from labnet.intake.enums import RequestDecision
from labnet.intake.models import Request, RequestEvent
from labnet.intake.selectors import request_actions_available
from labnet.labs.models import Lab, Theme
from labnet.organisations.models import Organisation
from labnet.territories.models import Department, Region

from .base import ModelSerializer
from .fields import PageUrlField, SafeSlugRelatedField, optional_reference
from .refs import (
    LabRefSerializer,
    OrganisationRefSerializer,
    RegionRefSerializer,
    ThemeRefSerializer,
)


class RequestEventSerializer(ModelSerializer):
    kind_label = serializers.CharField(read_only=True)
    actor = serializers.SerializerMethodField(help_text="Nom de la personne, ou null.")
    lab = LabRefSerializer(read_only=True, allow_null=True)
    to_lab = LabRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = RequestEvent
        fields = ["kind", "kind_label", "actor", "lab", "to_lab", "message", "created_at"]
        read_only_fields = fields

    def get_actor(self, event) -> str | None:
        return (event.actor.full_name or event.actor.email) if event.actor else None


class RequestSerializer(ModelSerializer):
    """A request with its full history; list rows equal details."""

    status_label = serializers.CharField(read_only=True)
    author = serializers.CharField(
        source="author_label", read_only=True, help_text="Nom de l'auteur."
    )
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    region = RegionRefSerializer(read_only=True, allow_null=True)
    department = serializers.CharField(
        source="department_id", read_only=True, allow_null=True, help_text="Code INSEE."
    )
    themes = ThemeRefSerializer(many=True, read_only=True)
    lab = LabRefSerializer(read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(
        read_only=True, help_text="En attente du laboratoire au-delà de son délai promis."
    )
    project = serializers.SlugRelatedField(read_only=True, slug_field="key", allow_null=True)
    url = PageUrlField(help_text="Page de suivi de la demande.")
    co_authors = serializers.SerializerMethodField(help_text="Noms des co-auteurs.")
    events = RequestEventSerializer(many=True, read_only=True, help_text="Historique complet.")

    class Meta:
        model = Request
        fields = [
            "public_id",
            "status",
            "status_label",
            "channel",
            "title",
            "problem",
            "affected_people",
            "tried",
            "stakeholders",
            "author",
            "organisation",
            "organisation_name",
            "region",
            "department",
            "themes",
            "lab",
            "routed_automatically",
            "submitted_at",
            "answer_due_at",
            "is_overdue",
            "first_answered_at",
            "project",
            "redirect_service",
            "decline_reason",
            "version",
            "url",
            "co_authors",
            "events",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_co_authors(self, request) -> list[str]:
        return [user.full_name or user.email for user in request.co_authors.all()]


class RequestDetailSerializer(RequestSerializer):
    """One request, with what the caller may do on it now (`intake.selectors.
    request_actions_available`, the same answer the tracking page reads). Not in the list:
    it would cost the list a query for the caller's memberships."""

    actions = serializers.SerializerMethodField(
        help_text=(
            "Ce que l'appelant peut faire maintenant : les décisions permises (accept, boost, "
            "redirect_lab, redirect_out, ask_info, decline), puis book_boost, provide_info, "
            "withdraw, edit_draft."
        )
    )

    class Meta(RequestSerializer.Meta):
        fields = [*RequestSerializer.Meta.fields, "actions"]
        read_only_fields = fields

    def get_actions(self, request) -> list[str]:
        user = self.context["request"].user
        return request_actions_available(user=user, obj=request).names


class RequestCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    problem = serializers.CharField(
        max_length=model_max_length(Request, "problem"),
        required=False,
        allow_blank=True,
        default="",
    )
    affected_people = serializers.CharField(
        max_length=model_max_length(Request, "affected_people"),
        required=False,
        allow_blank=True,
        default="",
    )
    tried = serializers.CharField(
        max_length=model_max_length(Request, "tried"), required=False, allow_blank=True, default=""
    )
    stakeholders = serializers.CharField(
        max_length=model_max_length(Request, "stakeholders"),
        required=False,
        allow_blank=True,
        default="",
    )
    organisation = optional_reference(
        Organisation.objects.all(),
        unknown="Organisation inconnue : « {value} ».",
        help_text="Clé de l'organisation (ou `organisation_name`).",
    )
    organisation_name = serializers.CharField(
        max_length=250, required=False, allow_blank=True, default=""
    )
    region = optional_reference(
        Region.objects.all(),
        unknown="Région inconnue : « {value} ».",
        slug_field="code",
        help_text="Code INSEE de la région.",
    )
    department = optional_reference(
        Department.objects.all(),
        unknown="Département inconnu : « {value} ».",
        slug_field="code",
        help_text="Code INSEE du département.",
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
        help_text="Clé du laboratoire destinataire ; absent : la plateforme choisit.",
    )
    submit = serializers.BooleanField(
        default=False,
        help_text="Envoyer la demande tout de suite (tous les champs requis), sinon brouillon.",
    )


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=RequestDecision.choices,
        error_messages={"invalid_choice": "Décision inconnue : « {input} »."},
    )
    version = serializers.IntegerField(
        min_value=1, help_text="La `version` de la demande lue par l'appelant."
    )
    reason = serializers.CharField(
        max_length=model_max_length(Request, "decline_reason"),
        required=False,
        allow_blank=True,
        default="",
        help_text="Motif (decline).",
    )
    lab = optional_reference(
        Lab.objects.all(),
        unknown="Laboratoire inconnu : « {value} ».",
        help_text="Laboratoire qui reprend la demande (redirect_lab).",
    )
    service = serializers.CharField(
        max_length=model_max_length(RequestEvent, "message"),
        required=False,
        allow_blank=True,
        default="",
        help_text="Service extérieur (redirect_out).",
    )
    message = serializers.CharField(
        max_length=model_max_length(RequestEvent, "message"),
        required=False,
        allow_blank=True,
        default="",
        help_text="Message à l'auteur ; la question pour ask_info.",
    )


class ResponseTimesSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Demandes ayant reçu une première réponse.")
    median_hours = serializers.FloatField(allow_null=True)
    p90_hours = serializers.FloatField(allow_null=True, help_text="90e centile, en heures.")
    within_commitment_share = serializers.FloatField(
        allow_null=True, help_text="Part des premières réponses dans le délai promis (0 à 1)."
    )


class LabResponseTimesSerializer(serializers.Serializer):
    lab = serializers.SerializerMethodField()
    times = ResponseTimesSerializer()

    @extend_schema_field(LabRefSerializer)
    def get_lab(self, row):
        return {"key": row.lab_key, "name": row.lab_name}


class NetworkResponseTimesSerializer(serializers.Serializer):
    network = ResponseTimesSerializer()
    labs = LabResponseTimesSerializer(many=True)
