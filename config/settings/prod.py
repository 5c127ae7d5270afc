"""Production: every secret from the environment; refuses to start without them."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
SECRET_KEY = os.environ.get("LABNET_SECRET_KEY", "")
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("LABNET_SECRET_KEY must be set (at least 32 characters).")
# Demo accounts must never exist on a real deployment, whatever the environment says.
LABNET_DEMO_ACCOUNTS = False
# Administrators and the coordination always need their second factor here.
LABNET_MFA_REQUIRED_FOR_STAFF = True
# Webhooks never reach the server's own machine or private network (docs/adr/0043).
LABNET_WEBHOOKS_ALLOW_PRIVATE = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("LABNET_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("LABNET_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is a commitment of the whole domain (hstspreload.org): opt in explicitly.
SECURE_HSTS_PRELOAD = env_bool("LABNET_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # A deliberate choice, not an oversight: W021 only says preloading is off.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Browsers load over https only, even a link written http:// in a text.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],  # noqa: F405
        "upgrade-insecure-requests": True,
    }
}
STORAGES = {
    # The file system, or S3-compatible storage when LABNET_S3_BUCKET is set (base.py).
    "default": STORAGES["default"],  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# LabNet runs behind one reverse proxy that appends the client's address to
# X-Forwarded-For: throttles and per-address limits (visitor registrations) must read
# that address, not the proxy's, and not a value the client wrote itself.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "NUM_PROXIES": int(os.environ.get("LABNET_NUM_PROXIES", "1")),
}
