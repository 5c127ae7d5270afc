"""Local development: SQLite in var/, e-mails written to var/mail/, demo accounts allowed."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("LABNET_DEBUG", True)
SECRET_KEY = os.environ.get("LABNET_SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
EMAIL_BACKEND = os.environ.get(
    "LABNET_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
LABNET_DEMO_ACCOUNTS = env_bool("LABNET_DEMO_ACCOUNTS", True)

# Static files come straight from the apps (no collectstatic needed outside production).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Templates change under the developer's hands, and a template change bumps no data
# version: the public pages' cache is off unless asked for (LABNET_PAGE_CACHE=1).
LABNET_PAGE_CACHE = env_bool("LABNET_PAGE_CACHE", False)
# A webhook receiver on this machine (http://127.0.0.1:...) is what one tries locally.
LABNET_WEBHOOKS_ALLOW_PRIVATE = env_bool("LABNET_WEBHOOKS_ALLOW_PRIVATE", True)
