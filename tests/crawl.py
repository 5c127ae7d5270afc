"""Reach the site's pages the way a person does: from the home page, by following links.

Tests that must hold on every page (the language switch today) crawl the site as each role
instead of listing URLs by hand, so a page added later is covered as soon as a link leads
to it; `get_only_page_patterns()` lists what a crawl must reach, so a page no link leads to fails
the test instead of being silently skipped.
"""

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern
from django.utils.translation import get_language_from_path, override


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


@dataclass(frozen=True)
class Visit:
    url: str
    route: str  # "namespace:name" of the page's URL pattern
    html: str


def route_of(path: str) -> str | None:
    """The "namespace:name" of the page at `path`, whatever language is active."""
    language = get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        with override(language):
            match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


# Addresses a crawl never follows: they change state on GET (none should), leave the
# HTML site (API, files, feeds) or are not pages of LabNet's own.
SKIPPED_PREFIXES = ("/api/", "/static/", "/media/", "/admin/", "/en/admin/", "/i18n/")
SKIPPED_SUFFIXES = (".ics", ".csv", ".json", ".jsonld", ".ttl", ".pdf", ".xlsx")


def crawl(client, *, start: str = "/", per_route: int = 2, limit: int = 400) -> Iterator[Visit]:
    """Yield each HTML page reached from `start` by links, at most `per_route` addresses per
    URL pattern (the pattern, not the object, is what a page-wide rule depends on) and
    `limit` pages in all."""
    # Links to a route not queued yet go first; the others wait in one line per page route
    # that linked them, served in turn, so a crawl bounded per route still reaches what only
    # a rare page links to (a proposal on "my proposals", not one of the library's cards).
    fresh, waiting, seen, per, queued_routes = deque([start]), {}, {start}, {}, set()
    visits = 0
    while visits < limit:
        if fresh:
            url = fresh.popleft()
        else:
            lines = [line for line in waiting.values() if line]
            if not lines:
                break
            url = lines[visits % len(lines)].popleft()
        route = route_of(urlsplit(url).path)
        if route is None or per.get(route, 0) >= per_route:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        per[route] = per.get(route, 0) + 1
        visits += 1
        html = response.content.decode()
        yield Visit(url=url, route=route, html=html)
        for href in links_of(html):
            href, _fragment = urldefrag(href)
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIPPED_PREFIXES) or parts.path.endswith(SKIPPED_SUFFIXES):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in seen:
                continue
            seen.add(target)
            target_route = route_of(parts.path)
            if target_route in queued_routes:
                waiting.setdefault(route, deque()).append(target)
            else:
                queued_routes.add(target_route)
                fresh.append(target)


def accepts_get(view) -> bool:
    """False for a view behind `require_POST` (Django keeps the allowed methods in the
    decorator's closure, under every `functools.wraps` layer)."""
    while view is not None:
        for cell in getattr(view, "__closure__", None) or ():
            methods = cell.cell_contents
            if isinstance(methods, list) and methods and all(m in HTTP_METHODS for m in methods):
                return "GET" in methods
        view = getattr(view, "__wrapped__", None)
    return True


HTTP_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def get_only_page_patterns() -> set[str]:
    """Every "namespace:name" of the site's page routes (those under i18n_patterns, outside
    the Django admin) that answer GET."""
    names: set[str] = set()

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name and accepts_get(entry.callback):
                names.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern):
            walk(entry.url_patterns, None)
    return {name for name in names if not name.startswith("admin:")}
