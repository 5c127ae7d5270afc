"""The shape of every error body (see `api.errors.structured_exception_handler`)."""

from rest_framework import serializers


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="Champ en cause, ou null pour une erreur générale."
    )
    message = serializers.CharField(help_text="Message lisible, en français par défaut.")
    code = serializers.CharField(allow_null=True, help_text="Code stable, pour les programmes.")


class ErrorSerializer(serializers.Serializer):
    errors = ErrorItemSerializer(many=True)
