"""The API documentation: an accessible page of the site listing every operation from the
OpenAPI document (server-rendered, DSFR), the document itself, and Swagger UI as an
optional console, served from our own static files.

Swagger UI fails axe-core (contrast, nested interactive controls, no `lang`) and cannot be
fixed from outside; the list page is the documentation, the console an extra that the
accessibility statement names (docs/adr/0027-wayfinding-api-docs-page.md).
"""

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import get_language, get_supported_language_variant
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import (
    SCHEMA_KWARGS,
    SpectacularJSONAPIView,
    SpectacularSwaggerSplitView,
)

METHODS = ("get", "post", "put", "patch", "delete")
_HALVES = re.compile(r"\*\*FR\*\*\s*—\s*(?P<fr>.*?)\s*\*\*EN\*\*\s*—\s*(?P<en>.*)", re.S)


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI from drf-spectacular-sidecar's static files (settings: SWAGGER_UI_DIST).

    The split view serves its start-up script as a file (`?script`), not inline, so the
    page runs under LabNet's Content-Security-Policy; its one style block carries the
    request's nonce (api/swagger_ui.html).

    Swagger UI would also send the document to validator.swagger.io for its badge; the
    page must work without any network, so that call is switched off.
    """

    template_name = "api/swagger_ui.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if "settings" in response.data:
            ui_settings = {**spectacular_settings.SWAGGER_UI_SETTINGS, "validatorUrl": None}
            response.data["settings"] = json.dumps(ui_settings, indent=2)
        return response


class SchemaView(SpectacularJSONAPIView):
    """The OpenAPI document, generated and rendered once per process for each language,
    version and format: it changes only with the code (a deploy restarts the process), and
    generating it costs 400 ms. The language is the one drf-spectacular would use (`?lang=`
    or the request's), reduced to a supported one so that no query string grows the cache;
    an unsupported one got the default language's texts anyway."""

    _rendered: dict[tuple, tuple[bytes, str, str]] = {}

    @extend_schema(**SCHEMA_KWARGS)
    def get(self, request, *args, **kwargs):
        asked = request.GET.get("lang") if settings.USE_I18N else None
        try:
            language = get_supported_language_variant(asked or get_language() or "")
        except LookupError:
            language = settings.LANGUAGE_CODE
        key = (language, request.version, request.accepted_media_type)
        if key not in self._rendered:
            with translation.override(language):
                response = self._get_schema_response(request)
            renderer = request.accepted_renderer
            content = renderer.render(
                response.data, request.accepted_media_type, self.get_renderer_context()
            )
            content_type = renderer.media_type
            if renderer.charset:
                content_type = f"{content_type}; charset={renderer.charset}"
            disposition = response.headers["Content-Disposition"]
            self._rendered[key] = (content, content_type, disposition)
        content, content_type, disposition = self._rendered[key]
        return HttpResponse(
            content, content_type=content_type, headers={"Content-Disposition": disposition}
        )


@dataclass
class Parameter:
    name: str
    location: str
    required: bool
    description: str


@dataclass
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    description_fr: str
    description_en: str
    parameters: list[Parameter] = field(default_factory=list)
    has_body: bool = False


@dataclass
class Tag:
    name: str
    operations: list[Operation]


def _halves(text: str) -> tuple[str, str]:
    found = _HALVES.search(text or "")
    if found is None:
        return text or "", text or ""
    return found["fr"].strip(), found["en"].strip()


@lru_cache(maxsize=1)
def api_operations() -> tuple[Tag, ...]:
    """Every operation of the public document, grouped by tag in the document's order.
    Built once per process (the document only changes with the code)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    tags: dict[str, list[Operation]] = {}
    for path, item in schema["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            fr, en = _halves(operation.get("description", ""))
            parameters = [
                Parameter(
                    name=p["name"],
                    location=p["in"],
                    required=bool(p.get("required")),
                    description=(p.get("description") or "").split("\n")[0],
                )
                for p in operation.get("parameters", [])
            ]
            tag = (operation.get("tags") or ["api"])[0]
            tags.setdefault(tag, []).append(
                Operation(
                    method=method.upper(),
                    path=path,
                    operation_id=operation["operationId"],
                    summary=operation.get("summary", ""),
                    description_fr=fr,
                    description_en=en,
                    parameters=parameters,
                    has_body="requestBody" in operation,
                )
            )
    return tuple(Tag(name=name, operations=ops) for name, ops in tags.items())


@extend_schema(exclude=True)
def api_docs(request):
    tags = api_operations()
    return render(
        request,
        "www/api_docs.html",
        {
            "page_title": _("API et données ouvertes"),
            "breadcrumb_data": {"links": [], "current": _("API et données ouvertes")},
            "nav": "api",
            "tags": tags,
            "operation_count": sum(len(tag.operations) for tag in tags),
            "english": not (get_language() or "fr").startswith("fr"),
        },
    )
