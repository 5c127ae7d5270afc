"""The API's body parsers, bounded like the site's forms.

DRF reads a JSON or URL-encoded body from the request's stream, around Django's check of
DATA_UPLOAD_MAX_MEMORY_SIZE, so a client could send megabytes a form could not; these
parsers refuse a body beyond it first (413, the limit in the error's message). Multipart
bodies go through Django's own parser, which checks it already (api.errors converts it)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework import parsers

from labnet.core.request_limits import too_large_message

from .errors import BodyTooLarge


def _refuse_too_large(parser_context) -> None:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    request = (parser_context or {}).get("request")
    if limit is None or request is None:
        return
    meta = request.META
    try:
        length = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise BodyTooLarge(too_large_message(RequestDataTooBig()))


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _refuse_too_large(parser_context)
        return super().parse(stream, media_type, parser_context)


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _refuse_too_large(parser_context)
        return super().parse(stream, media_type, parser_context)
