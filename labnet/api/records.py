"""An agent's innovation record in the API: the caller's own record and attestations, and
the confirmations a project's lead lab gives. Same rules as the pages (records.services)."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from labnet.accounts.models import User
from labnet.core.models import AuditEntry
from labnet.projects.models import Project
from labnet.projects.rules import can_view_project
from labnet.records import services
from labnet.records.attestation import check_url
from labnet.records.models import Attestation
from labnet.records.selectors import record_lines

from .errors import raise_api_error
from .openapi import NOT_AUTHENTICATED, NOT_FOUND, bilingual, error
from .serializers.base import ModelSerializer

TAG = "Parcours / Record"
INVALID = error("Données invalides.", "Invalid data.")


class RecordLineSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    detail = serializers.CharField()
    public = serializers.BooleanField()
    shown = serializers.BooleanField()
    confirmation = serializers.SerializerMethodField()

    def get_confirmation(self, line) -> str | None:
        return line.confirmation.statement if line.confirmation else None


class AttestationSerializer(ModelSerializer):
    valid = serializers.BooleanField(source="is_valid")
    check_url = serializers.SerializerMethodField()

    class Meta:
        model = Attestation
        fields = ["number", "keys", "language", "issued_at", "revoked_at", "valid", "check_url"]

    def get_check_url(self, attestation) -> str:
        return check_url(attestation.number)


class RecordSerializer(serializers.Serializer):
    lines = RecordLineSerializer(many=True)
    attestations = AttestationSerializer(many=True)


class AttestationRequestSerializer(serializers.Serializer):
    keys = serializers.ListField(child=serializers.CharField(max_length=40), min_length=1)
    language = serializers.ChoiceField(choices=["fr", "en"], default="fr")


class ConfirmationRequestSerializer(serializers.Serializer):
    user = serializers.IntegerField()
    statement = serializers.CharField(max_length=300)


class ConfirmationSerializer(serializers.Serializer):
    project = serializers.CharField(source="project.key")
    user = serializers.IntegerField(source="user_id")
    statement = serializers.CharField()
    confirmed_at = serializers.DateTimeField()


class MyRecordView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_record",
        tags=[TAG],
        summary="Mon parcours d'innovation / My innovation record",
        description=bilingual(
            "Tout ce que l'appelant a fait dans le réseau, et ses attestations.",
            "Everything the caller did in the network, and their attestations.",
        ),
        responses={200: RecordSerializer, 401: NOT_AUTHENTICATED},
    )
    def get(self, request):
        data = {
            "lines": record_lines(request.user),
            "attestations": list(request.user.attestations.all()),
        }
        return Response(RecordSerializer(data).data)


class MyAttestationsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_record_attestation_create",
        tags=[TAG],
        summary="Obtenir une attestation / Get an attestation",
        description=bilingual(
            "Une attestation en PDF des lignes choisies du parcours de l'appelant.",
            "A PDF attestation of chosen lines of the caller's record.",
        ),
        request=AttestationRequestSerializer,
        responses={201: AttestationSerializer, 400: INVALID, 401: NOT_AUTHENTICATED},
    )
    def post(self, request):
        payload = AttestationRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            attestation = services.attestation_issue(
                actor=request.user, channel=AuditEntry.Channel.API, **payload.validated_data
            )
        except ValidationError as refusal:
            raise_api_error(refusal)
        return Response(AttestationSerializer(attestation).data, status=status.HTTP_201_CREATED)


class MyAttestationRevokeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_record_attestation_revoke",
        tags=[TAG],
        summary="Révoquer une attestation / Revoke an attestation",
        description=bilingual(
            "La page de vérification la dira désormais révoquée.",
            "The check page will say it is revoked from now on.",
        ),
        request=None,
        responses={200: AttestationSerializer, 401: NOT_AUTHENTICATED, 404: NOT_FOUND},
    )
    def post(self, request, number):
        attestation = get_object_or_404(Attestation, number=number, user=request.user)
        services.attestation_revoke(
            actor=request.user, attestation=attestation, channel=AuditEntry.Channel.API
        )
        return Response(AttestationSerializer(attestation).data)


class ProjectConfirmationsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="project_contribution_confirm",
        tags=[TAG],
        summary="Confirmer une contribution / Confirm a contribution",
        description=bilingual(
            "Un membre du laboratoire porteur dit ce qu'une personne du projet a apporté.",
            "A member of the lead lab says what a person of the project brought.",
        ),
        request=ConfirmationRequestSerializer,
        responses={201: ConfirmationSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def post(self, request, key):
        project = get_object_or_404(Project.objects.select_related("lead_lab"), key=key)
        if not can_view_project(request.user, project):
            raise Http404
        payload = ConfirmationRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = get_object_or_404(User, pk=payload.validated_data["user"])
        try:
            confirmation = services.contribution_confirm(
                actor=request.user,
                project=project,
                user=user,
                statement=payload.validated_data["statement"],
                channel=AuditEntry.Channel.API,
            )
        except ValidationError as refusal:
            raise_api_error(refusal)
        return Response(ConfirmationSerializer(confirmation).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("me/record/", MyRecordView.as_view(), name="me-record"),
    path("me/record/attestations/", MyAttestationsView.as_view(), name="me-record-attestations"),
    path(
        "me/record/attestations/<str:number>/revoke/",
        MyAttestationRevokeView.as_view(),
        name="me-record-attestation-revoke",
    ),
    path(
        "projects/<slug:key>/confirmations/",
        ProjectConfirmationsView.as_view(),
        name="project-confirmations",
    ),
]
