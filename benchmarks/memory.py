"""Peak memory growth while streaming every download at national scale.

    LABNET_VAR_DIR=var/bench .venv/bin/python -m benchmarks.memory

Every open-data file (each dataset as CSV and as JSON: 100,000 projects, 50,000 events...)
and every CSV export of the routes (`benchmarks.routes`: the audit log, an event's
attendees...) is downloaded through Django's full stack in-process, as the role allowed to,
and its body consumed chunk by chunk as a server would send it. `tracemalloc` records the
peak of Python allocations above what was allocated before the request: the growth the
download costs. Target (docs/scale.md): under 50 MB for 100,000 projects.
"""

import logging
import os
import time
import tracemalloc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402

from benchmarks import routes as routes_module  # noqa: E402
from benchmarks.run import clients  # noqa: E402
from config import gc_policy  # noqa: E402

TARGET_MB = 50
SUFFIXES = (".csv", ".json")


def downloads(heaviest) -> list[tuple[str, str]]:
    """(route name, url) of each open-data file and each CSV export route."""
    from django.urls import reverse

    from labnet.opendata.datasets import DATASETS

    found = []
    for dataset in DATASETS:
        for fmt in ("csv", "json"):
            name = f"opendata:download_{fmt}"
            found.append((f"{name} {dataset.key}", reverse(name, kwargs={"key": dataset.key})))
    for route in routes_module.routes():
        if route.name.startswith("opendata:download_"):
            continue
        routes_module.address(route, heaviest)
        if route.url and route.url.endswith(SUFFIXES) and route.name != "opendata:schema":
            found.append((route.name, route.url))
    return found


def stream(client, url) -> tuple[int, int, float, int]:
    """(status, bytes, seconds, peak growth in bytes) of one download."""
    reset_queries()
    tracemalloc.reset_peak()
    before, _peak = tracemalloc.get_traced_memory()
    started = time.perf_counter()
    response = client.get(url)
    size = 0
    if response.status_code == 200:
        body = response.streaming_content if response.streaming else [response.content]
        for chunk in body:
            size += len(chunk)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    return response.status_code, size, seconds, peak - before


def main() -> int:
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False  # no query log growing with the rows
    settings.LABNET_MFA_REQUIRED_FOR_STAFF = False
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    logging.getLogger("django.security").setLevel(logging.CRITICAL)
    heaviest = routes_module.find_heaviest()
    users = clients()
    # A gunicorn worker's collector (config/gc_policy.py): automatic collections only past
    # 100,000 young objects, the bound a streaming download's memory relies on.
    gc_policy.after_start()
    print(f"database: {connection.vendor}; peak growth per download, target < {TARGET_MB} MB")
    print(f"{'download (role)':<52} {'MB sent':>9} {'seconds':>8} {'peak MB':>8}")
    tracemalloc.start()
    over = 0
    for name, url in downloads(heaviest):
        for role in ("anonymous", "lead", "coordinator"):
            client = users.get(role)
            if client is None:
                continue
            try:
                status, size, seconds, growth = stream(client, url)
            except Exception as error:  # a download that fails is a finding, not the end
                print(f"{name + f' ({role})':<52} ERROR {type(error).__name__}: {error}")
                over += 1
                break
            if status != 200:
                continue
            verdict = "ok" if growth < TARGET_MB * 1e6 else "OVER"
            over += verdict != "ok"
            print(
                f"{name + f' ({role})':<52} {size / 1e6:>9.1f} {seconds:>8.1f} "
                f"{growth / 1e6:>8.1f}  {verdict}",
                flush=True,
            )
            break  # the first role that may download it
    tracemalloc.stop()
    print(f"\n{over} downloads over {TARGET_MB} MB of growth")
    return over


if __name__ == "__main__":
    raise SystemExit(1 if main() else 0)
