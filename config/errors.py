"""The project's error handlers: the API's structured JSON under /api/ (even for a route
that does not exist, which never reaches DRF), a page of the site everywhere else."""

from labnet.api import errors as api_errors
from labnet.www import errors as www_errors


def _is_api(request) -> bool:
    return request.path.startswith(api_errors.API_PREFIX)


def bad_request(request, exception=None):
    if _is_api(request):
        return api_errors.bad_request(request, exception)
    return www_errors.bad_request(request, exception)


def page_not_found(request, exception=None):
    if _is_api(request):
        return api_errors.page_not_found(request, exception)
    return www_errors.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return api_errors.server_error(request)
    return www_errors.server_error(request)
