"""Throughput under load of the anonymous public pages, against the framework's floor.

    .venv/bin/python -m benchmarks.load [--seconds 4] [--no-cache] [--port 8105]

Starts gunicorn (config/gunicorn.conf.py, 2 workers) on 127.0.0.1 with
benchmarks.server_settings (the product plus a trivial view, the floor), then runs `wrk`
(4 connections) against the floor, the bare DSFR sign-in page and the public pages, and
prints requests per second and each page's ratio to the floor. The database is the one
the environment names (LABNET_VAR_DIR's SQLite, or DATABASE_URL), already migrated and
loaded (`make setup`, or benchmarks/generate.py); LABNET_REDIS_URL puts the cache in Redis.
Needs `wrk` (Debian: apt-get install wrk). Not a test: nothing here runs in CI.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 0.5
FLOOR = ("trivial view (floor)", "/__floor__/")
SIGN_IN = ("DSFR sign-in page", "/compte/connexion/")


def public_pages() -> list[tuple[str, str]]:
    """The anonymous public pages, with the heaviest objects of the loaded data."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.server_settings")
    import django

    django.setup()
    from django.db.models import Count, Q

    from labnet.calls.models import Call
    from labnet.events.models import Campaign, Event
    from labnet.labs.models import Lab
    from labnet.projects.models import Project
    from labnet.resources.models import Resource
    from labnet.trainings.models import Programme

    def first(queryset):
        return queryset.first()

    lab = first(Lab.objects.annotate(n=Count("led_projects")).order_by("-n", "pk"))
    project = first(Project.objects.public().order_by("-updated_at", "pk"))
    campaign = first(Campaign.objects.order_by("-starts_on", "pk"))
    event = first(
        Event.objects.filter(status="published")
        .annotate(n=Count("registrations", filter=Q(registrations__status="confirmed")))
        .order_by("-n", "pk")
    )
    programme = first(Programme.objects.order_by("pk"))
    resource = first(Resource.objects.filter(status="published").order_by("pk"))
    call = first(Call.objects.exclude(status="draft").order_by("pk"))
    pages = [
        ("home", "/"),
        ("home, English", "/en/"),
        ("atlas", "/laboratoires/"),
        ("agenda", "/evenements/"),
        ("campaigns", "/evenements/campagnes/"),
        ("trainings", "/formations/"),
        ("resources", "/ressources/"),
        ("funding", "/financements/"),
        ("roadmaps", "/feuilles-de-route/"),
        ("calls", "/appels/"),
        ("response times", "/guichet/delais/"),
        ("expert finder", "/personnes/"),
    ]
    for label, obj in [
        ("lab page", lab),
        ("project sheet", project),
        ("campaign programme", campaign),
        ("event page", event),
        ("training programme", programme),
        ("resource page", resource),
        ("call page", call),
    ]:
        if obj is not None:
            pages.append((label, obj.get_absolute_url()))
    return pages


def wait_until_up(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + FLOOR[1], timeout=2).read()  # noqa: S310 - http only
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer at {base}")


def start_server(port: int, *, cache: bool, workers: int = 2, extra_env=None):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.server_settings",
        "LABNET_BIND": f"127.0.0.1:{port}",
        "LABNET_WORKERS": str(workers),
        "LABNET_PAGE_CACHE": "1" if cache else "0",
        **(extra_env or {}),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(gunicorn), "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop_server(server) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


REQUESTS = re.compile(r"Requests/sec:\s+([\d.]+)")
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")


def wrk(url: str, seconds: int) -> tuple[float, int]:
    """Requests per second and the number of non-2xx/3xx answers."""
    out = subprocess.run(  # noqa: S603 - wrk with fixed arguments
        [shutil.which("wrk") or "wrk", "-t2", "-c4", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = NON_2XX.search(out)
    return float(REQUESTS.search(out).group(1)), int(errors.group(1)) if errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=4, help="length of each wrk run")
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--no-cache", action="store_true", help="measure with the cache off")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing (Debian: apt-get install wrk)")

    pages = public_pages()
    base = f"http://127.0.0.1:{args.port}"
    server = start_server(args.port, cache=not args.no_cache)
    try:
        wait_until_up(base)
        for _label, path in [SIGN_IN, *pages]:  # warm the workers (and fill the cache)
            for _ in range(4):
                urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310
        results = []
        for label, path in [FLOOR, SIGN_IN, *pages]:
            rate, errors = wrk(base + path, args.seconds)
            results.append((label, path, rate, errors))
            print(f"  {label:<24} {rate:9.1f} req/s", file=sys.stderr)
    finally:
        stop_server(server)

    floor = results[0][2]
    sign_in = results[1][2]
    cache_state = "off" if args.no_cache else "on"
    print(f"\nwrk, 4 connections, {args.seconds} s each; gunicorn, 2 workers; cache {cache_state}")
    print(f"{'page':<24} {'address':<48} {'req/s':>9} {'/ floor':>8} {'/ sign-in':>9}")
    failures = 0
    for label, path, rate, errors in results:
        ratio = rate / floor if floor else 0
        flag = ""
        if label not in {FLOOR[0], SIGN_IN[0]} and ratio < TARGET_RATIO:
            flag = "  below 50%"
            failures += 1
        if errors:
            flag += f"  {errors} non-2xx/3xx answers"
        shown = path if len(path) <= 48 else path[:45] + "..."
        print(
            f"{label:<24} {shown:<48} {rate:9.1f} {ratio:8.0%} "
            f"{rate / sign_in if sign_in else 0:9.1f}x{flag}"
        )
    return 1 if failures and not args.no_cache else 0


if __name__ == "__main__":
    sys.exit(main())
