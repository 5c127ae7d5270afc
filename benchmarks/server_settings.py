"""Settings of the application servers the load benchmarks start (benchmarks/load.py,
benchmarks/two_servers.py): production's behaviour (DEBUG off, the page cache on, Redis
when LABNET_REDIS_URL is set) on 127.0.0.1 over plain HTTP, with the benchmark's URLconf,
which adds the trivial view used as the floor. Never used by the product."""

import os

from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("LABNET_SECRET_KEY") or "benchmark-only-key-not-a-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "benchmarks.floor_urls"
LABNET_PAGE_CACHE = env_bool("LABNET_PAGE_CACHE", True)  # noqa: F405
LABNET_DEMO_ACCOUNTS = True
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
# Static files from the apps: no collectstatic step before a measurement.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
