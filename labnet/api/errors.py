"""API errors as a list of {field, message} objects, whatever raised them."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler


def _flatten(detail, field=None):
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if field is None else f"{field}.{key}"
            yield from _flatten(value, None if key == "non_field_errors" else name)
    elif isinstance(detail, list):
        for item in detail:
            yield from _flatten(item, field)
    else:
        yield {"field": field, "message": str(detail), "code": getattr(detail, "code", None)}


def structured_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        # get_object_or_404's message names the model, in English: say "not found" instead.
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None
    # Not response.data: DRF wraps non-field messages as {"detail": ...}, which would read as
    # an error on a field named "detail". Every exception is an APIException by now.
    response.data = {"errors": list(_flatten(exc.detail))}
    return response
