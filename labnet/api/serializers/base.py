"""The base of the API's model serializers: a value the record does not have is null.

A model's optional e-mail address, web address or choice is stored as "" (Django's way for
text), which is not an e-mail address, a URI nor one of the enum's values: the documented
schema (format email/uri, enum) would be broken by every lab without a website. Read-only
fields of those kinds are therefore documented as nullable and answered as null when empty
(schemathesis checks each answer against the document: tests/api/test_schemathesis.py).
Writable fields keep "" as their empty value, so a client's "" still reads "none".
"""

from django.db import models
from rest_framework import serializers

_NULL_WHEN_BLANK = (serializers.EmailField, serializers.URLField, serializers.ChoiceField)


def _blank_model_field(serializer, name, field) -> bool:
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    # Fields are not bound yet here: an unset source is the field's name.
    source = field.source or name
    if model is None or not source or "." in source or source == "*":
        return False
    try:
        model_field = model._meta.get_field(source)
    except Exception:
        return False
    return isinstance(model_field, models.CharField) and model_field.blank


class ModelSerializer(serializers.ModelSerializer):
    def get_fields(self):
        fields = super().get_fields()
        self._null_when_blank = []
        for name, field in fields.items():
            if (
                field.read_only
                and isinstance(field, _NULL_WHEN_BLANK)
                and _blank_model_field(self, name, field)
            ):
                field.allow_null = True
                self._null_when_blank.append(name)
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in getattr(self, "_null_when_blank", ()):
            if data.get(name) == "":
                data[name] = None
        return data
