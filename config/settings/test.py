"""Test settings: SQLite in memory unless DATABASE_URL points at PostgreSQL."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run for real, synchronously, so tests see their effects (mails, builds).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LABNET_DEMO_ACCOUNTS = True
LABNET_TILE_URL = ""
# Figures computed on each request, so a test sees the rows it just wrote
# (tests/stats/test_cache.py turns the cache on).
LABNET_STATS_CACHE_SECONDS = 0
# Live figures (tests/stats/test_facts.py turns the precomputed ones on and compares).
LABNET_STATS_FACTS = False
# A made-up SIRET with a valid key, so the SCDL file is built in tests (never a real one).
LABNET_ATTRIBUTING_SIRET = "11000000700002"
# Webhook tests deliver to a real receiver on 127.0.0.1; tests/webhooks/test_addresses.py
# turns the production rule back on.
LABNET_WEBHOOKS_ALLOW_PRIVATE = True

# Static files come straight from the apps (no collectstatic needed outside production).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The second factor's requirement for administrators and coordinators is off by default in
# tests, so the many tests that sign a coordinator in reach their pages directly; the
# tests of the requirement turn it on (tests/accounts/test_mfa.py), and production
# settings force it on whatever the environment says (tests/test_settings.py).
LABNET_MFA_REQUIRED_FOR_STAFF = False

# One process, its own memory: tests never share a Redis a developer may have configured.
# The page cache is off for the suite (its tests turn it on, tests/www/test_page_cache.py):
# tests write inside a transaction that never commits, and versions are bumped on commit.
# LABNET_TEST_PAGE_CACHE=1 turns it on for pages-only runs (tests that read a page, write,
# then read it again as a visitor need real commits then).
LABNET_REDIS_URL = ""
LABNET_TOPIC_STORE = "database"  # the page cache's tests try each store
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
LABNET_PAGE_CACHE = env_bool("LABNET_TEST_PAGE_CACHE")  # noqa: F405
