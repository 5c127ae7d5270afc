import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# Each test starts Python processes with the production settings: nothing in them depends on
# the test database, so they run once when the suite runs on both databases.
pytestmark = pytest.mark.once


def _prod(code: str, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LABNET_")}
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings.prod", **env})
    return subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _prod("print('started')")
    assert result.returncode != 0
    assert "LABNET_SECRET_KEY must be set" in result.stderr


def test_production_never_allows_demo_accounts_even_if_asked():
    result = _prod(
        "from django.conf import settings; print(settings.LABNET_DEMO_ACCOUNTS, settings.DEBUG)",
        LABNET_SECRET_KEY="x" * 40,
        LABNET_DEMO_ACCOUNTS="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False False"


def test_production_always_requires_the_second_factor_for_staff_and_reads_the_rest():
    result = _prod(
        "from django.conf import settings; print(settings.LABNET_MFA_REQUIRED_FOR_STAFF, "
        "settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds(), "
        "settings.LABNET_STAFF_SESSION_SECONDS, settings.OIDC_RP_CLIENT_ID, "
        "settings.LABNET_MFA_REQUIRED_FOR_LEADS)",
        LABNET_SECRET_KEY="x" * 40,
        LABNET_MFA_REQUIRED_FOR_STAFF="0",
        LABNET_LOCKOUT_FAILURES="5",
        LABNET_LOCKOUT_COOLOFF_MINUTES="30",
        LABNET_STAFF_SESSION_SECONDS="3600",
        LABNET_PROCONNECT_CLIENT_ID="client-id",
        LABNET_MFA_REQUIRED_FOR_LEADS="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True 5 1800.0 3600 client-id True"


SHARED = (
    "from django.conf import settings as s; "
    "print(s.CACHES['default']['BACKEND'].rsplit('.', 1)[1], s.SESSION_ENGINE.rsplit('.', 1)[1], "
    "s.LABNET_TOPIC_STORE, s.STORAGES['default']['BACKEND'].rsplit('.', 1)[1])"
)


def test_production_alone_keeps_everything_in_the_process_the_files_and_the_database():
    alone = _prod(SHARED, LABNET_SECRET_KEY="x" * 40, DATABASE_URL="sqlite:///tmp/x.sqlite3")
    assert alone.returncode == 0, alone.stderr
    assert alone.stdout.split() == ["LocMemCache", "db", "file", "FileSystemStorage"]
    on_postgres = _prod(
        SHARED, LABNET_SECRET_KEY="x" * 40, DATABASE_URL="postgres://u@127.0.0.1:5432/x"
    )
    assert on_postgres.stdout.split() == ["LocMemCache", "db", "database", "FileSystemStorage"]


def test_production_shares_cache_sessions_versions_and_files_when_told_where():
    shared = _prod(
        SHARED,
        LABNET_SECRET_KEY="x" * 40,
        LABNET_REDIS_URL="redis://127.0.0.1:6379/1",
        LABNET_S3_BUCKET="labnet-fichiers",
    )
    assert shared.returncode == 0, shared.stderr
    assert shared.stdout.split() == ["RedisCache", "cached_db", "cache", "S3Storage"]


def test_production_never_sends_webhooks_to_private_addresses_even_if_asked():
    result = _prod(
        "from django.conf import settings; print(settings.LABNET_WEBHOOKS_ALLOW_PRIVATE)",
        LABNET_SECRET_KEY="x" * 40,
        LABNET_WEBHOOKS_ALLOW_PRIVATE="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
