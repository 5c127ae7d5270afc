"""Server time of the catalogue pages and API lists on a generated national-scale database.

    LABNET_VAR_DIR=var/bench .venv/bin/python -m benchmarks.run

Requests go through Django's full stack in-process (middleware, views, templates, ORM),
so the times are server time without the network. Prints p50/p95 and the query count per
scenario, against the 100 ms p95 target of docs/scale.md.
"""

import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TARGET_P95_MS = 100
SCENARIOS = [
    ("atlas, all labs", "/laboratoires/"),
    ("atlas, region filter", "/laboratoires/?region=76"),
    ("atlas, kind + status", "/laboratoires/?kind=territorial&status=active"),
    ("atlas, text search", "/laboratoires/?q=numérique"),
    ("home", "/"),
    ("API labs, page 1", "/api/v1/labs/"),
    ("API projects, page 1", "/api/v1/projects/"),
    ("API projects, stage + region", "/api/v1/projects/?stage=testing&region=28"),
    ("API projects, text search", "/api/v1/projects/?q=délais"),
    # Events (50,000) and their registrations (1,000,000): benchmarks/generate.py.
    ("agenda, upcoming", "/evenements/"),
    ("agenda, region filter", "/evenements/?region=28"),
    ("agenda, format + audience", "/evenements/?format=workshop&audience=managers"),
    ("agenda, text search", "/evenements/?q=numérique"),
    (
        "campaign 2022, region filter",
        "/evenements/campagnes/mois-innovation-publique-2022/?region=28",
    ),
    ("event page, 5,000 registrations", "/evenements/bench-event-0/"),
    ("API events, page 1", "/api/v1/events/"),
    ("API events, region", "/api/v1/events/?region=28"),
    # People (200,000 accounts, about 30% findable).
    ("expert finder, skill + region", "/personnes/?skills=service-design&region=28"),
    ("API people, skill", "/api/v1/people/?skill=service-design"),
    # Funding (10,000 allocations over 20 bench envelopes, with payments).
    ("funding overview", "/financements/"),
    ("funding overview, year + region", "/financements/?annee=2024&region=28"),
    ("funding envelope page", "/financements/enveloppes/bench-envelope-0/"),
    ("API allocations, page 1", "/api/v1/allocations/"),
    ("API allocations, year + status", "/api/v1/allocations/?year=2024&status=paid"),
    ("API envelopes", "/api/v1/envelopes/"),
    # The network's picture: every section of the dashboard, grouped over all of the above.
    ("national dashboard", "/tableau-de-bord/"),
    ("national dashboard, year + region", "/tableau-de-bord/?annee=2022&region=28"),
    ("API stats", "/api/v1/stats/"),
    ("bilan", "/bilan/"),
    # Impact and roadmaps (20,000 indicator values, 20 roadmaps of 100 items).
    ("roadmaps, list", "/feuilles-de-route/"),
    ("roadmap page, 100 items", "/feuilles-de-route/bench-roadmap-0/"),
    ("API indicators, page 1", "/api/v1/indicators/"),
    ("API indicators, one lab", "/api/v1/indicators/?lab=bench-lab-0"),
    ("API roadmap, 100 items", "/api/v1/roadmaps/bench-roadmap-0/"),
]


def measure(client, url, runs):
    client.get(url)  # warm caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    return statistics.median(times), p95, len(ctx.captured_queries)


def main(runs: int = 40):
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    client = Client()
    print(f"database: {connection.vendor}; {runs} runs per scenario")
    header = f"{'scenario':<34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}"
    print(f"{header}  target p95 ≤ {TARGET_P95_MS} ms")
    failures = 0
    for name, url in SCENARIOS:
        p50, p95, queries = measure(client, url, runs)
        verdict = "ok" if p95 <= TARGET_P95_MS else "OVER"
        failures += verdict != "ok"
        print(f"{name:<34} {p50:>8.1f} {p95:>8.1f} {queries:>8}  {verdict}")
    return failures


if __name__ == "__main__":
    raise SystemExit(1 if main() else 0)
