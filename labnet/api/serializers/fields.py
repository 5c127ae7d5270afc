from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.URI)
class PublicPageField(serializers.Field):
    """Absolute URL of the record's page on the public site (`get_absolute_url`)."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        url = value.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


def key_list(source=None, slug_field="key", help_text=""):
    """The keys of a to-many relation; the viewset's queryset prefetches it."""
    return serializers.SlugRelatedField(
        many=True, read_only=True, slug_field=slug_field, source=source, help_text=help_text
    )
