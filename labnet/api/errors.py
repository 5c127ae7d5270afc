"""API errors as a list of {field, message} objects, whatever raised them."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.views import exception_handler

from labnet.core.request_limits import TOO_LARGE, too_large_message


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large."
    default_code = "too_large"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."
    default_code = "stale"


def raise_api_error(error: DjangoValidationError):
    """A service's refusal as a DRF error that keeps each message's code.

    The global handler below would also convert it, but with every code lost: clients branch
    on `code` (`stale` is a 409, the record changed since the caller read it).
    """
    if getattr(error, "code", None) == "stale":
        raise Conflict(ErrorDetail(error.messages[0], code="stale"))
    if hasattr(error, "error_dict"):
        raise exceptions.ValidationError(
            {
                field: [ErrorDetail(e.messages[0], code=e.code or "invalid") for e in errors]
                for field, errors in error.error_dict.items()
            }
        )
    raise exceptions.ValidationError(
        [ErrorDetail(e.messages[0], code=e.code or "invalid") for e in error.error_list]
    )


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
    elif isinstance(exc, TOO_LARGE):
        # A multipart body beyond the limits, met while DRF parses it.
        exc = BodyTooLarge(too_large_message(exc))
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


API_PREFIX = "/api/"


def _error_response(status_code: int, message: str, code: str) -> JsonResponse:
    return JsonResponse(
        {"errors": [{"field": None, "message": message, "code": code}]},
        status=status_code,
        json_dumps_params={"ensure_ascii": False},
    )


def bad_request(request, exception=None):
    """Project-wide 400 under /api/ (config.errors): what Django refuses before DRF reads
    the request, a post too large above all (413, with the limit), as a structured error."""
    if isinstance(exception, TOO_LARGE):
        return _error_response(413, too_large_message(exception), "too_large")
    return _error_response(400, _("Requête incorrecte."), "bad_request")


def page_not_found(request, exception=None):
    """Project-wide 404 (config.urls.handler404): a structured JSON error under /api/,
    whatever the path (an unknown route never reaches DRF), Django's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {
                "errors": [
                    {
                        "field": None,
                        "message": str(exceptions.NotFound.default_detail),
                        "code": "not_found",
                    }
                ]
            },
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    return defaults.page_not_found(request, exception)


def server_error(request):
    """Project-wide 500: JSON under /api/, Django's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {
                "errors": [
                    {
                        "field": None,
                        "message": _("Erreur interne du serveur."),
                        "code": "server_error",
                    }
                ]
            },
            status=500,
            json_dumps_params={"ensure_ascii": False},
        )
    return defaults.server_error(request)
