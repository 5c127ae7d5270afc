from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labnet.core.text import validate_safe_text


def refuse_control_characters(value):
    """Validator of every API text input (labnet.api.apps installs it on CharField): no
    control character (NUL first: PostgreSQL refuses it in any text, so a lookup with it
    would be a server error) nor bidirectional control (labnet.core.text)."""
    try:
        validate_safe_text(value)
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.messages[0], code=error.code) from None


class SafeSlugRelatedField(serializers.SlugRelatedField):
    """A reference by key that refuses control characters before it queries the database."""

    def to_internal_value(self, data):
        refuse_control_characters(data)
        return super().to_internal_value(data)


def absolute_url(context, path: str) -> str:
    """`path` as an absolute URL when the serializer knows the request, else as it is."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """Absolute URL of the record's page on the site (`get_absolute_url`)."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return absolute_url(self.context, value.get_absolute_url())


def key_list(source=None, slug_field="key", help_text=""):
    """The keys of a to-many relation; the viewset's queryset prefetches it."""
    return serializers.SlugRelatedField(
        many=True, read_only=True, slug_field=slug_field, source=source, help_text=help_text
    )


def optional_reference(queryset, *, unknown: str, slug_field="key", help_text=""):
    """A writable reference to one record by its key (or INSEE code): null when absent, and
    refused with `unknown`, a French message naming `{value}`, when no record has it."""
    return SafeSlugRelatedField(
        slug_field=slug_field,
        queryset=queryset,
        required=False,
        allow_null=True,
        default=None,
        error_messages={"does_not_exist": unknown},
        help_text=help_text,
    )
