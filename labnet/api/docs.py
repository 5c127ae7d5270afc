"""The OpenAPI document and its Swagger UI, served from our own static files."""

import json

from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView


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
