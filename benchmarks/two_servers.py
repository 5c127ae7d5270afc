"""Two application servers, one PostgreSQL database, one Redis: consistent after a write.

    .venv/bin/python -m benchmarks.two_servers
    DATABASE_URL=postgres://... LABNET_REDIS_URL=redis://... \
        .venv/bin/python -m benchmarks.two_servers

Prepares the database (PostgreSQL `wt_cache_bench` unless DATABASE_URL names another:
created if missing, migrated, the real network dataset imported if empty, demo accounts),
starts gunicorn twice (config/gunicorn.conf.py, 2 workers each, ports 8105 and 8115, or the
two of LABNET_BENCH_PORTS) with the cache, the sessions and the page versions in Redis,
then checks, over HTTP:

1. a lab's public page is cached once for both servers (the second server answers from
   the cache the first one filled);
2. a session opened by signing in on one server is valid on the other;
3. a write made through one server (the lab's lead edits its presentation) is shown at
   once by both servers to anonymous visitors: no stale page.

Prints each check and exits non-zero if one fails. Not a test: nothing here runs in CI.
"""

import html
import http.cookiejar
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from benchmarks.load import start_server, stop_server, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/wt_cache_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/1"
# Two free ports; LABNET_BENCH_PORTS="8203,8213" when several sessions share the machine.
PORTS = tuple(int(p) for p in os.environ.get("LABNET_BENCH_PORTS", "8105,8115").split(","))
LAB_KEY = "innovmandie"
LEAD = ("responsable@demo.labnet.local", "demo-labnet-2026")
CACHE_HEADER = "X-Page-Cache"
PUBLIC_HOST = "localhost"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class FormReader(HTMLParser):
    """Every POST form of a page, as a browser would submit it: inputs, checked boxes,
    textareas, selected options."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.inside = False
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.inside = True
            self.forms.append([])
        if not self.inside:
            return
        fields = self.forms[-1]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    fields.append((name, attrs.get("value") or "on"))
            elif kind not in {"submit", "button", "file"}:
                fields.append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self.textarea = name
            fields.append((name, ""))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            fields.append((self.select, attrs.get("value") or ""))

    def handle_data(self, data):
        if self.inside and self.textarea is not None:
            name, value = self.forms[-1][-1]
            self.forms[-1][-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def form_fields(page: str, with_field: str) -> list[tuple[str, str]]:
    """The fields of the page's POST form that has a field named `with_field`."""
    reader = FormReader()
    reader.feed(page)
    for fields in reader.forms:
        if any(name == with_field for name, _value in fields):
            return [(name, html.unescape(value)) for name, value in fields]
    raise SystemExit(f"no form with a field {with_field!r} on the page")


class Browser:
    """A visitor with their own cookies, who can go to either server. Both servers are
    reached under one public name, as behind the proxy of a real deployment (the host is
    part of a cached page's key)."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def get(self, url: str):
        try:
            request = urllib.request.Request(url, headers={"Host": PUBLIC_HOST})  # noqa: S310
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode(errors="replace")

    def post(self, url: str, fields, referer: str):
        data = urllib.parse.urlencode(fields).encode()
        headers = {"Referer": referer, "Host": PUBLIC_HOST}
        request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode(errors="replace")


def prepare_database(env: dict) -> None:
    url = urllib.parse.urlsplit(env["DATABASE_URL"])
    if url.scheme.startswith("postgres"):
        import psycopg

        name = url.path.lstrip("/")
        admin = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["import_network", "data/network", "--if-empty"],
        ["search_reindex"],
        ["demo_accounts"],
    ):
        subprocess.run(  # noqa: S603 - manage.py with fixed arguments
            manage + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )


def check(label: str, ok: bool, detail: str = "") -> bool:
    print(f"[{'ok' if ok else 'FAILED'}] {label}" + (f" ({detail})" if detail else ""))
    return ok


def main() -> int:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.server_settings",
        "DATABASE_URL": os.environ.get("DATABASE_URL", DEFAULT_DATABASE),
        "LABNET_REDIS_URL": os.environ.get("LABNET_REDIS_URL", DEFAULT_REDIS),
    }
    started = time.monotonic()
    prepare_database(env)
    import redis

    redis.Redis.from_url(env["LABNET_REDIS_URL"]).flushdb()
    print(f"database {env['DATABASE_URL']}, Redis {env['LABNET_REDIS_URL']}")
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "LABNET_REDIS_URL")})
    servers = [start_server(port, cache=True, extra_env=env) for port in PORTS]
    a, b = (f"http://127.0.0.1:{port}" for port in PORTS)
    lab_page = f"/laboratoires/{LAB_KEY}/"
    results = []
    try:
        for base in (a, b):
            wait_until_up(base)

        # 1. One cache for both servers.
        states = [Browser().get(base + lab_page)[1].get(CACHE_HEADER) for base in (a, a, b, b)]
        results.append(
            check(
                "the lab page computed on one server is served from the cache by the other",
                states[1:] == ["hit", "hit", "hit"],
                "answers A, A, B, B: " + ", ".join(str(s) for s in states),
            )
        )

        # 2. A session opened on A is valid on B.
        lead = Browser()
        _status, _headers, login_page = lead.get(a + "/compte/connexion/")
        fields = dict(form_fields(login_page, "username"))
        fields.update({"username": LEAD[0], "password": LEAD[1]})
        status, headers, _body = lead.post(
            a + "/compte/connexion/", fields, referer=a + "/compte/connexion/"
        )
        signed_in = status == 302
        status_b, _headers_b, profile_b = lead.get(b + "/compte/")
        results.append(
            check(
                "a session opened by signing in on server A is valid on server B",
                signed_in and status_b == 200 and "Se déconnecter" in profile_b,
                f"sign-in on A: {status}, profile on B: {status_b}",
            )
        )
        anonymous_status = Browser().get(b + "/compte/")[0]
        results.append(
            check(
                "without that session, server B sends the visitor to sign in",
                anonymous_status == 302,
                f"profile on B: {anonymous_status}",
            )
        )

        # 3. A write through A, then both servers show it.
        summary = f"Présentation modifiée par le banc à deux serveurs, {time.time():.0f}."
        edit = a + f"/laboratoires/{LAB_KEY}/modifier/"
        _status, _headers, edit_page = lead.get(edit)
        fields = [(n, v) for n, v in form_fields(edit_page, "summary") if n != "summary"]
        fields.append(("summary", summary))
        status, headers, _body = lead.post(edit, fields, referer=edit)
        results.append(check("the lead edits the lab on server A", status == 302, str(status)))
        escaped = html.escape(summary)
        seen = []
        for base in (b, a, b, a):
            _status, headers, page = Browser().get(base + lab_page)
            seen.append((base[-4:], headers.get(CACHE_HEADER), escaped in page))
        results.append(
            check(
                "both servers show the new presentation at once, then from the cache",
                all(shown for _port, _state, shown in seen),
                "; ".join(f"port {port}: {state}, shown={shown}" for port, state, shown in seen),
            )
        )
    finally:
        for server in servers:
            stop_server(server)
    print(f"{sum(results)}/{len(results)} checks passed in {time.monotonic() - started:.0f} s")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
