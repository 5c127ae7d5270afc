"""Response headers every answer carries, on top of Django's SecurityMiddleware and
django-csp's Content-Security-Policy (docs/adr/0021-hardening-content-security-policy.md)."""

from django.conf import settings

# Powerful browser features LabNet never uses: no page (nor anything it embeds) may ask
# for them. Only features Chromium and Firefox know, so no console warning.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", getattr(settings, "LABNET_PERMISSIONS_POLICY", PERMISSIONS_POLICY)
        )
        # No software name or version from the application layer (gunicorn's own header is
        # set in config/gunicorn.conf.py).
        response.headers.pop("Server", None)
        response.headers.pop("X-Powered-By", None)
        return response
