"""Throughput under load of the anonymous public pages, against the framework's floor.

    .venv/bin/python -m benchmarks.load [--seconds 4] [--no-cache] [--port 8105] [--only atlas]

Starts gunicorn (config/gunicorn.conf.py, 2 workers) on 127.0.0.1 with
benchmarks.server_settings (the product plus a trivial view, the floor), then runs `wrk`
(4 connections) against the bare DSFR sign-in page and the public pages, each between two
runs of the floor, and prints requests per second and each page's ratio to the mean of
the two floor runs around it (the machine may be shared: the ratio is what compares).
The database is the one the environment names (LABNET_VAR_DIR's SQLite, or DATABASE_URL),
already migrated and loaded (`make setup`, or benchmarks/generate.py); LABNET_REDIS_URL
puts the cache in Redis.
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
        ("national dashboard", "/tableau-de-bord/"),
        ("bilan", "/bilan/"),
        ("open data", "/donnees/"),
        ("publications", "/publications/"),
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
    if lab is not None:
        pages.append(("lab's cooperations", f"/laboratoires/{lab.key}/cooperations/"))
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
COMPLETED = re.compile(r"(\d+) requests in")
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
TICK_SECONDS = 1 / os.sysconf("SC_CLK_TCK")


def workers_cpu_seconds(master_pid: int) -> float:
    """CPU time (user + system) the gunicorn workers have used so far."""
    total = 0.0
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) * TICK_SECONDS  # utime, stime
    return total


def measure(url: str, seconds: int, master_pid: int) -> dict:
    """wrk's requests per second, and the workers' CPU milliseconds per request: the first
    moves with whatever else the machine runs, the second much less."""
    cpu_before = workers_cpu_seconds(master_pid)
    out = subprocess.run(  # noqa: S603 - wrk with fixed arguments
        [shutil.which("wrk") or "wrk", "-t2", "-c4", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cpu = workers_cpu_seconds(master_pid) - cpu_before
    errors = NON_2XX.search(out)
    requests = int(COMPLETED.search(out).group(1))
    return {
        "rate": float(REQUESTS.search(out).group(1)),
        "cpu_ms": 1000 * cpu / requests if requests else float("inf"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=4, help="length of each wrk run")
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--no-cache", action="store_true", help="measure with the cache off")
    parser.add_argument(
        "--only",
        action="append",
        metavar="TEXT",
        help="measure only the pages whose label or address contains TEXT (repeatable; "
        "the sign-in page and the floor are always measured)",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing (Debian: apt-get install wrk)")

    pages = public_pages()
    if args.only:
        pages = [
            (label, path)
            for label, path in pages
            if any(text in label or text in path for text in args.only)
        ]
        if not pages:
            raise SystemExit(f"no public page matches {args.only}")
    base = f"http://127.0.0.1:{args.port}"
    server = start_server(args.port, cache=not args.no_cache)
    try:
        wait_until_up(base)
        for _label, path in [SIGN_IN, *pages]:  # warm the workers (and fill the cache)
            for _ in range(4):
                urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310
        # The machine may be shared: each page is measured between two runs of the floor
        # and compared with their mean, so a load that drifts during the run moves both.
        results = []
        before = measure(base + FLOOR[1], args.seconds, server.pid)
        floors = [before]
        for label, path in [SIGN_IN, *pages]:
            page = measure(base + path, args.seconds, server.pid)
            after = measure(base + FLOOR[1], args.seconds, server.pid)
            floors.append(after)
            floor = {key: (before[key] + after[key]) / 2 for key in ("rate", "cpu_ms")}
            results.append((label, path, page, floor))
            print(f"  {label:<24} {page['rate']:9.1f} req/s", file=sys.stderr)
            before = after
    finally:
        stop_server(server)
    return report(results, floors, args)


def report(results, floors, args) -> int:
    sign_in = results[0][2]
    rates = [floor["rate"] for floor in floors]
    print(
        f"\nwrk, 4 connections, {args.seconds} s each; gunicorn, 2 workers; "
        f"cache {'off' if args.no_cache else 'on'}"
    )
    print(
        f"floor (trivial view): {min(rates):.0f} to {max(rates):.0f} req/s over the run, "
        f"{sum(f['cpu_ms'] for f in floors) / len(floors):.2f} CPU ms a request"
    )
    print(
        f"{'page':<22} {'address':<40} {'req/s':>7} {'/ floor':>7} {'CPU ms':>7} "
        f"{'floor CPU / page CPU':>20} {'req/s / sign-in':>15}"
    )
    failures = 0
    for label, path, page, floor in results:
        ratio = page["rate"] / floor["rate"]
        cpu_ratio = floor["cpu_ms"] / page["cpu_ms"] if page["cpu_ms"] else 0
        flag = ""
        if label != SIGN_IN[0] and ratio < TARGET_RATIO:
            flag = "  below 50%"
            failures += 1
        if page["errors"]:
            flag += f"  {page['errors']} non-2xx/3xx answers"
        shown = path if len(path) <= 40 else path[:37] + "..."
        print(
            f"{label:<22} {shown:<40} {page['rate']:7.0f} {ratio:7.0%} {page['cpu_ms']:7.2f} "
            f"{cpu_ratio:20.0%} {page['rate'] / sign_in['rate']:14.1f}x{flag}"
        )
    return 1 if failures and not args.no_cache else 0


if __name__ == "__main__":
    sys.exit(main())
