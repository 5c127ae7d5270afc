"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("LABNET_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("LABNET_SECRET_KEY", "")
DEBUG = env_bool("LABNET_DEBUG")
ALLOWED_HOSTS = env_list("LABNET_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("LABNET_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "dsfr",
    "widget_tweaks",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # LabNet domains, in dependency order (docs/architecture.md).
    "labnet.core",
    "labnet.territories",
    "labnet.organisations",
    "labnet.accounts",
    "labnet.labs",
    "labnet.projects",
    "labnet.search",
    "labnet.intake",
    "labnet.people",
    "labnet.events",
    "labnet.trainings",
    "labnet.calls",
    "labnet.resources",
    "labnet.funding",
    "labnet.figures",
    "labnet.impact",
    "labnet.roadmaps",
    "labnet.stats",
    "labnet.records",
    "labnet.opendata",
    "labnet.publications",
    "labnet.webhooks",
    "labnet.imports",
    "labnet.www",
    "labnet.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "labnet.www.accounts.middleware.MfaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy (nonces for the few inline blocks), Permissions-Policy.
    "csp.middleware.CSPMiddleware",
    "labnet.core.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# A failed CSRF check is a page of the site too (labnet/www/errors.py).
CSRF_FAILURE_VIEW = "labnet.www.errors.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Overrides of third-party templates (the Django admin's, docs/adr/0052); LabNet's own
        # pages live in their apps.
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "labnet.core.context_processors.site",
                "labnet.www.context_processors.lab_navigation",
                # After Django's own csrf processor: placeholders in pages being cached.
                "labnet.www.page_cache.csrf_placeholder",
            ],
        },
    }
]

# SQLite unless DATABASE_URL says otherwise (docs/adr/0002).
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'labnet.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers proceed while one writer writes; IMMEDIATE avoids
        # "database is locked" upgrades from read to write inside a transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's cost of a random page read against a sequential one. PostgreSQL's
    # default (4) models spinning disks; on SSD storage, or a database that fits in memory
    # (1.6 GB at national scale), 1.1 is the usual value, and with 4 the planner hashed all
    # 100,000 projects to find a lab's thousand (docs/adr/0063). Set per connection so that
    # it holds on a managed server; empty: the server's own setting (behind a pooler that
    # refuses startup options).
    RANDOM_PAGE_COST = os.environ.get("LABNET_PG_RANDOM_PAGE_COST", "1.1")
    if RANDOM_PAGE_COST:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            f"-c random_page_cost={float(RANDOM_PAGE_COST)}"
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Refuses sign-ins of locked-out accounts and addresses before any password check.
    "labnet.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Inert unless ProConnect is configured and its callback is being handled.
    "labnet.accounts.proconnect.ProConnectBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "www:home"
LOGOUT_REDIRECT_URL = "www:home"

# Sessions (docs/adr/0025-trust-neutral-signup-and-sessions.md): administrators and the
# coordination get shorter ones.
SESSION_COOKIE_AGE = int(os.environ.get("LABNET_SESSION_SECONDS", str(14 * 24 * 3600)))
LABNET_STAFF_SESSION_SECONDS = int(os.environ.get("LABNET_STAFF_SESSION_SECONDS", "7200"))

# Sign-in lockout (django-axes; labnet.accounts.lockout): per account and per address.
AXES_FAILURE_LIMIT = int(os.environ.get("LABNET_LOCKOUT_FAILURES", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LABNET_LOCKOUT_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "labnet.accounts.lockout.attempted_username"
AXES_CLIENT_IP_CALLABLE = "labnet.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "labnet.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# The stated cool-off holds: failures during a lockout do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
# Sign-ins are on the audit trail already; axes keeps only the counts of recent failures.
AXES_DISABLE_ACCESS_LOG = True

# Second factor (labnet.accounts.mfa): required for administrators and the coordination
# (LABNET_MFA_REQUIRED_FOR_STAFF, on unless turned off), for lab leads too when
# LABNET_MFA_REQUIRED_FOR_LEADS is on. Whoever enrolled is asked for a code regardless.
LABNET_MFA_REQUIRED_FOR_STAFF = env_bool("LABNET_MFA_REQUIRED_FOR_STAFF", True)
LABNET_MFA_REQUIRED_FOR_LEADS = env_bool("LABNET_MFA_REQUIRED_FOR_LEADS")
OTP_TOTP_ISSUER = "LabNet"
# The Django admin never shows a second factor's secret (TOTP key, QR code, recovery
# codes): an administrator who could read them could sign in as that person.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# ProConnect (docs/proconnect.md). Empty domain: no button, the /oidc/ addresses are 404.
LABNET_PROCONNECT_DOMAIN = os.environ.get("LABNET_PROCONNECT_DOMAIN", "")
OIDC_RP_CLIENT_ID = os.environ.get("LABNET_PROCONNECT_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("LABNET_PROCONNECT_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("LABNET_PROCONNECT_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email given_name usual_name uid siret idp_id"
OIDC_STATE_SIZE = 48
OIDC_NONCE_SIZE = 48
OIDC_STORE_ID_TOKEN = True  # for the logout's id_token_hint
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("LABNET_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded files (project documents, call and request attachments, resources) on
# S3-compatible object storage when a bucket is named, so that every application server
# sees them. The bucket stays private: files are read back only by the views that check
# who asks, which stream them (docs/adr/0049-cache-shared-servers.md).
LABNET_S3_BUCKET = os.environ.get("LABNET_S3_BUCKET", "")


def s3_storage(bucket: str) -> dict:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("LABNET_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("LABNET_S3_REGION") or None,
            "access_key": os.environ.get("LABNET_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("LABNET_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("LABNET_S3_PREFIX", ""),
            # Private objects, no public URL: a file leaves only through its view.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


if LABNET_S3_BUCKET:
    STORAGES["default"] = s3_storage(LABNET_S3_BUCKET)

EMAIL_BACKEND = os.environ.get(
    "LABNET_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("LABNET_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("LABNET_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("LABNET_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("LABNET_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("LABNET_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get(
    "LABNET_DEFAULT_FROM_EMAIL", "LabNet <ne-pas-repondre@labnet.local>"
)

# Throttling, caches and sessions must be shared by every worker process and every
# application server in production: point LABNET_REDIS_URL at Redis there. Without it each
# process keeps its own memory cache, and the public pages' topic versions live in the
# database (docs/adr/0048-cache-public-pages.md, docs/adr/0049-cache-shared-servers.md).
LABNET_REDIS_URL = os.environ.get("LABNET_REDIS_URL", "")
if LABNET_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": LABNET_REDIS_URL,
        }
    }
    # Sessions read from Redis, written through to the database (they survive a flush).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("LABNET_CACHE_MAX_ENTRIES", "5000"))},
        }
    }
# Where the public pages' data versions live (labnet/core/topic_stores.py): Redis when
# there is one, files beside a SQLite database (one machine), else the PostgreSQL database.
LABNET_TOPIC_STORE = os.environ.get("LABNET_TOPIC_STORE") or (
    "cache"
    if LABNET_REDIS_URL
    else "file"
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    else "database"
)
LABNET_TOPIC_DIR = Path(os.environ.get("LABNET_TOPIC_DIR", VAR_DIR / "topics"))
# Anonymous visitors' public pages come from the cache (labnet/www/page_cache.py), kept at
# most this long (the data's versions make them exact; this bounds what depends on the
# clock, such as "upcoming" events).
LABNET_PAGE_CACHE = env_bool("LABNET_PAGE_CACHE", True)
LABNET_PAGE_CACHE_SECONDS = int(os.environ.get("LABNET_PAGE_CACHE_SECONDS", "300"))
# The deployed version (a commit, a tag): part of every cached page's key, so that a
# deployment's new templates never answer with the previous release's pages.
LABNET_RELEASE = os.environ.get("LABNET_RELEASE", "")

# The public side of the dashboards and the bilan is computed at most this often (seconds):
# at national scale their grouped queries take seconds, the page must answer in 100 ms
# (docs/adr/0041). 0 computes them on every request.
LABNET_STATS_CACHE_SECONDS = int(os.environ.get("LABNET_STATS_CACHE_SECONDS", "300"))
# The national picture reads precomputed aggregates (labnet.stats.models), rebuilt in the
# background after writes and when older than this many seconds (docs/adr/0058).
LABNET_STATS_FACTS = env_bool("LABNET_STATS_FACTS", True)
LABNET_STATS_FACTS_MAX_AGE = int(os.environ.get("LABNET_STATS_FACTS_MAX_AGE", "3600"))

# Background work (docs/adr/0004): database-backed queue, `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "labnet.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "labnet.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "labnet.api.errors.structured_exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": "10/minute"},
    # Bounded like the site's forms (DATA_UPLOAD_MAX_MEMORY_SIZE): labnet/api/parsers.py.
    "DEFAULT_PARSER_CLASSES": [
        "labnet.api.parsers.JSONParser",
        "labnet.api.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LabNet API",
    "DESCRIPTION": (
        "Public data of the network of public innovation labs (read-only in v1); "
        "a token also shows the caller's labs' unpublished projects."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Used by two components (a request in lists, and in detail with its actions).
    "ENUM_NAME_OVERRIDES": {"RequestStatusEnum": "labnet.intake.enums.RequestStatus"},
}

# Shown in the DSFR header and footer; no database row needed (see core.context_processors).
LABNET_SITE = {
    "site_title": "LabNet",
    "site_tagline": _("Le réseau des laboratoires d'innovation publique"),
    "footer_description": _(
        "LabNet rassemble les laboratoires d'innovation publique de l'État, des "
        "collectivités, des hôpitaux et des opérateurs, et les projets qu'ils accompagnent."
    ),
}
# The legal notice, the accessibility statement and the personal data page read who
# publishes and hosts the site from here (each deployment sets its own).
LABNET_LEGAL = {
    "publisher": os.environ.get(
        "LABNET_PUBLISHER", "Direction interministérielle de la transformation publique (DITP)"
    ),
    "publisher_address": os.environ.get(
        "LABNET_PUBLISHER_ADDRESS", "20 avenue de Ségur, 75007 Paris"
    ),
    "publication_director": os.environ.get(
        "LABNET_PUBLICATION_DIRECTOR", "Le directeur interministériel de la transformation publique"
    ),
    "host": os.environ.get("LABNET_HOST_NAME", "À renseigner par l'exploitant (LABNET_HOST_NAME)"),
    "host_address": os.environ.get("LABNET_HOST_ADDRESS", ""),
    "host_phone": os.environ.get("LABNET_HOST_PHONE", ""),
    "contact_email": os.environ.get("LABNET_CONTACT_EMAIL", "contact@labnet.local"),
    "accessibility_email": os.environ.get(
        "LABNET_ACCESSIBILITY_EMAIL", os.environ.get("LABNET_CONTACT_EMAIL", "contact@labnet.local")
    ),
    "dpo_email": os.environ.get(
        "LABNET_DPO_EMAIL", os.environ.get("LABNET_CONTACT_EMAIL", "contact@labnet.local")
    ),
    # The date of the accessibility statement (ISO), updated with each review.
    "accessibility_statement_date": os.environ.get("LABNET_ACCESSIBILITY_DATE", "2026-12-01"),
}
# Who publishes the open data (DCAT catalogue at /donnees/catalogue.jsonld): the network's
# national team, and the address re-users write to.
LABNET_OPEN_DATA_PUBLISHER = os.environ.get(
    "LABNET_OPEN_DATA_PUBLISHER", "Direction interministérielle de la transformation publique"
)
LABNET_OPEN_DATA_CONTACT = os.environ.get(
    "LABNET_OPEN_DATA_CONTACT", "labnet@modernisation.gouv.fr"
)
# The awarding body of the allocations in the SCDL "subventions" file
# (/donnees/financements.scdl.csv, docs/adr/0042): its official name and its SIRET
# (14 digits, checked with its key). No default SIRET: LabNet's data holds none for the
# coordination, and a made-up one would be published as true; while it is empty the SCDL
# file is not offered (the page and the catalogue say so).
LABNET_ATTRIBUTING_NAME = os.environ.get("LABNET_ATTRIBUTING_NAME", LABNET_OPEN_DATA_PUBLISHER)
LABNET_ATTRIBUTING_SIRET = os.environ.get("LABNET_ATTRIBUTING_SIRET", "")
# Webhook subscriptions may point at private, loopback or link-local addresses only when
# this is on (development and tests deliver to 127.0.0.1); off by default, and forced off
# in production (server-side request forgery, docs/adr/0043).
LABNET_WEBHOOKS_ALLOW_PRIVATE = env_bool("LABNET_WEBHOOKS_ALLOW_PRIVATE")
# Where the Leaflet map takes its tiles; empty disables the tiled map (the SVG map stays).
LABNET_TILE_URL = os.environ.get(
    "LABNET_TILE_URL",
    "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&FORMAT=image/png"
    "&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}",
)
LABNET_TILE_ATTRIBUTION = os.environ.get("LABNET_TILE_ATTRIBUTION", "IGN-F/Géoportail")


# Content-Security-Policy (docs/adr/0021-hardening-content-security-policy.md): everything
# from LabNet's own origin, scripts and style blocks only from files or with the
# request's nonce, map tiles from the tile server, no framing, no plugins.
def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *filter(None, [_origin(LABNET_TILE_URL)])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Where browsers send violation reports, if anywhere (e.g. a collector of the hosting team).
if os.environ.get("LABNET_CSP_REPORT_URI"):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [os.environ["LABNET_CSP_REPORT_URI"]]
# Largest document a project accepts (documents are checked by content, not only name).
LABNET_MAX_UPLOAD_MB = int(os.environ.get("LABNET_MAX_UPLOAD_MB", "10"))
# The public address, for links in e-mails sent by background tasks (no request there).
LABNET_BASE_URL = os.environ.get("LABNET_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Unconfirmed visitor data (e.g. event registrations never confirmed) is removed this
# many days after its link expired (`manage.py purge_personal_data`, docs/adr/0011).
LABNET_RETENTION_DAYS = int(os.environ.get("LABNET_RETENTION_DAYS", "30"))
# Visitors' names and addresses on registrations are anonymised this many days after the
# event ended (the counts stay).
LABNET_VISITOR_RETENTION_DAYS = int(os.environ.get("LABNET_VISITOR_RETENTION_DAYS", "365"))
# Messages one person may send to others through the expert finder, per day.
LABNET_CONTACT_DAILY_LIMIT = int(os.environ.get("LABNET_CONTACT_DAILY_LIMIT", "20"))
# Demo accounts are a local convenience; production settings force this off.
LABNET_DEMO_ACCOUNTS = env_bool("LABNET_DEMO_ACCOUNTS")
# API tokens expire after this many days unless their owner chooses (up to the maximum).
LABNET_API_TOKEN_DAYS = int(os.environ.get("LABNET_API_TOKEN_DAYS", "90"))
LABNET_API_TOKEN_MAX_DAYS = int(os.environ.get("LABNET_API_TOKEN_MAX_DAYS", "365"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LABNET_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}

# Mark optional fields rather than required ones, as the DSFR now recommends.
DSFR_MARK_OPTIONAL_FIELDS = True
