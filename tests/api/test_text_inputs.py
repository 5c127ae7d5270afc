"""Every text the API reads is bounded and refuses control and bidirectional characters,
whichever serializer declares it (labnet.api.apps installs the check on DRF's CharField)."""

import importlib
import inspect
import pkgutil

import pytest
from rest_framework import serializers

import labnet.api


def _serializer_classes():
    for module in pkgutil.walk_packages(labnet.api.__path__, "labnet.api."):
        for obj in vars(importlib.import_module(module.name)).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, serializers.Serializer)
                and obj.__module__.startswith("labnet.api")
                and (not issubclass(obj, serializers.ModelSerializer) or hasattr(obj, "Meta"))
            ):
                yield obj


def _request_components() -> set[str]:
    """The serializers the document names as request bodies (`<Name>Request` components)."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        name.removesuffix("Request")
        for name in schema["components"]["schemas"]
        if name.endswith("Request")
    }


def _writable_text_fields():
    found = {}
    for serializer_class in set(_serializer_classes()):
        for name, field in serializer_class().fields.items():
            if field.read_only:
                continue
            if isinstance(field, serializers.ListField):
                field, name = field.child, f"{name}[]"
            if isinstance(field, serializers.CharField):
                found[(serializer_class, name)] = field
    return found


TEXT_FIELDS = {
    f"{cls.__module__}.{cls.__name__}.{name}": field
    for (cls, name), field in _writable_text_fields().items()
}
BODY_FIELDS = {
    f"{cls.__module__}.{cls.__name__}.{name}": field
    for (cls, name), field in _writable_text_fields().items()
    if cls.__name__.removesuffix("Serializer") in _request_components()
}


def test_the_enumeration_finds_the_api_s_inputs():
    assert "labnet.api.serializers.intake.RequestCreateSerializer.problem" in TEXT_FIELDS
    assert "labnet.api.serializers.resources.ResourceProposeSerializer.tags[]" in TEXT_FIELDS
    assert "labnet.api.serializers.intake.RequestCreateSerializer.problem" in BODY_FIELDS
    assert len(BODY_FIELDS) > 30


@pytest.mark.parametrize("name", sorted(BODY_FIELDS))
def test_every_text_of_a_request_body_is_bounded(name):
    assert BODY_FIELDS[name].max_length is not None, f"{name} has no max_length"


@pytest.mark.django_db  # a model field's uniqueness validator queries
@pytest.mark.parametrize("name", sorted(TEXT_FIELDS))
def test_every_api_text_field_refuses_control_and_bidi_characters(name):
    field = TEXT_FIELDS[name]
    for value, code in (("a\x00b", "control_character"), ("a\u202eb", "bidi_character")):
        with pytest.raises(serializers.ValidationError) as refused:
            field.run_validation(value)
        # First, and alone but for a format's own refusal (an e-mail, a URL).
        assert refused.value.detail[0].code == code
