"""The cache of the public pages anonymous visitors read (docs/adr/0048-cache-public-pages.md).

A view declares the data it shows, as topics (app labels, `core.topics`):

    @public_page("labs", "projects", "territories")
    def atlas(request): ...

An anonymous GET is answered from the cache when an answer is stored under the key made of
the address (scheme, host, path and query string), the language, and the current versions
of the page's topics; otherwise the view runs and its answer is stored, if it may be.
Every committed write bumps its topics, so the next request looks under a new key: a
visitor never sees a page older than the last commit of what it shows.

What is never served from, nor stored in, the cache:
- a signed-in user's page, or a visitor whose session holds anything (a registration
  remembered on the event page, a draft), or with messages waiting to be shown;
- an answer that is not a 200, that sets a cookie, that wrote to the session or added a
  message, that called Django's `get_token` itself, that says `private` or `no-store`.

The pages' forms (the header's language switch on every page) carry a CSRF token: while
a page is computed for the cache, `csrf_placeholder` (a context processor, after Django's
own) makes `{% csrf_token %}` write a placeholder, and every answer, stored or not, has it
replaced by this visitor's own token (which also sets their CSRF cookie, as usual).
The Content-Security-Policy nonce of the page's inline blocks is replaced the same way.
"""

import hashlib
import re
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from labnet.core.topics import topic_versions

CSRF_PLACEHOLDER = "labnet-page-cache-csrf-token"
NONCE_PLACEHOLDER = "labnet-page-cache-csp-nonce"
CSRF_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
PLACEHOLDERS = re.compile(
    b"(" + re.escape(CSRF_PLACEHOLDER_BYTES) + b"|" + re.escape(NONCE_PLACEHOLDER.encode()) + b")"
)
# Headers of the view's answer kept with it; the middleware adds the others on each answer.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "Link")
# Vary values the key covers already (the session is refused, the language is in the key).
COVERED_VARY = frozenset({"cookie", "accept-language"})
CACHE_STATE_HEADER = "X-Page-Cache"
KEY_PREFIX = "labnet:page:"
# Every view declared with public_page, by its dotted name: topics (checked by the tests).
DECLARED_PAGES: dict[str, tuple[str, ...]] = {}


class LocalCopies:
    """This process's copies of pages read from a shared cache (see _stored_page), kept as
    the objects they are: a stored page is never changed, so unlike Django's in-process
    cache nothing is pickled on the way in or out (35 us for a 300 kB page, on every hit).
    The oldest copy goes first when `max_entries` are kept; an expired one is never
    served."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._pages: dict[str, dict] = {}

    def get(self, key: str) -> dict | None:
        stored = self._pages.get(key)
        if stored is not None and stored.get("expires", 0) <= time.time():
            self._pages.pop(key, None)
            return None
        return stored

    def set(self, key: str, stored: dict) -> None:
        self._pages.pop(key, None)
        while len(self._pages) >= self.max_entries:
            self._pages.pop(next(iter(self._pages)), None)
        self._pages[key] = stored

    def clear(self) -> None:
        self._pages.clear()


LOCAL_COPIES = LocalCopies(max_entries=500)


def public_page(*topics: str, seconds: int | None = None):
    """Serve the view from the page cache for anonymous visitors; `topics` are the labels of
    the apps whose data the page shows, `seconds` bounds how long a page that also depends
    on the clock (upcoming events, answer delays) is kept."""

    def decorator(view):
        DECLARED_PAGES[f"{view.__module__}.{view.__qualname__}"] = tuple(topics)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _may_use_cache(request):
                return view(request, *args, **kwargs)
            key = _page_key(request, topics)
            stored = _stored_page(key)
            if stored is not None:
                return _answer(request, stored, state="hit")
            request.labnet_page_caching = True
            try:
                response = view(request, *args, **kwargs)
                if callable(getattr(response, "render", None)):
                    response.render()
            finally:
                request.labnet_page_caching = False
            stored = _storable(request, response)
            if stored is None:
                _fill_placeholders(request, response)
                return response
            timeout = seconds if seconds is not None else settings.LABNET_PAGE_CACHE_SECONDS
            stored["expires"] = time.time() + timeout
            cache.set(key, stored, timeout)
            if _shared_cache():
                LOCAL_COPIES.set(key, stored)
            return _answer(request, stored, state="miss")

        wrapper.page_topics = tuple(topics)
        return wrapper

    return decorator


def _shared_cache() -> bool:
    return not isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache)


def _stored_page(key: str) -> dict | None:
    """The page stored under `key`. A page never changes under its key (the key holds its
    data's versions), so with a shared cache (Redis) each process also keeps the pages it
    has read, and a hit costs the versions' round trip, not the page's bytes."""
    if not _shared_cache():
        return cache.get(key)
    stored = LOCAL_COPIES.get(key)
    if stored is not None:
        return stored
    stored = cache.get(key)
    if stored is not None:
        LOCAL_COPIES.set(key, stored)
    return stored


def csrf_placeholder(request):
    """Context processor: while a page is computed for the cache, `csrf_token` is a
    placeholder (each answer gets the visitor's own token in its place)."""
    if getattr(request, "labnet_page_caching", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


def _anonymous_and_stateless(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    if session is not None and (session.modified or session.keys()):
        return False
    return len(get_messages(request)) == 0


def _may_use_cache(request) -> bool:
    return (
        settings.LABNET_PAGE_CACHE and request.method == "GET" and _anonymous_and_stateless(request)
    )


def _page_key(request, topics) -> str:
    versions = topic_versions(topics)
    parts = [
        settings.LABNET_RELEASE,
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        get_language() or "",
        *(f"{name}={version}" for name, version in sorted(versions.items())),
    ]
    return KEY_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _storable(request, response) -> dict | None:
    """What the cache keeps of `response` (its content with the nonce put back as a
    placeholder), or None when it must not be kept."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a real token went into the page
        return None
    if not _anonymous_and_stateless(request):
        return None
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return None
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - COVERED_VARY:
        return None
    content = response.content
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce:
        content = content.replace(nonce.encode(), NONCE_PLACEHOLDER.encode())
    return {
        # Split once here at its placeholders, so that a hit joins the pieces with this
        # visitor's values instead of searching the whole body (up to 300 kB) for each.
        "pieces": PLACEHOLDERS.split(content),
        "headers": {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
    }


def _filled(request, content: bytes) -> bytes:
    if CSRF_PLACEHOLDER.encode() in content:
        content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    if NONCE_PLACEHOLDER.encode() in content:
        content = content.replace(NONCE_PLACEHOLDER.encode(), str(request.csp_nonce).encode())
    return content


def _fill_placeholders(request, response) -> None:
    if not response.streaming and CSRF_PLACEHOLDER.encode() in response.content:
        response.content = _filled(request, response.content)


def _joined(request, pieces: list[bytes]) -> bytes:
    """The stored page's pieces (text, placeholder, text...) with this answer's values."""
    if len(pieces) == 1:
        return pieces[0]
    parts = pieces[:]
    for index in range(1, len(parts), 2):
        if parts[index] == CSRF_PLACEHOLDER_BYTES:
            parts[index] = get_token(request).encode()
        else:
            parts[index] = str(request.csp_nonce).encode()
    return b"".join(parts)


def _answer(request, stored: dict, *, state: str) -> HttpResponse:
    if "pieces" in stored:
        content = _joined(request, stored["pieces"])
    else:  # stored by an earlier release under the same key
        content = _filled(request, stored["content"])
    response = HttpResponse(content)
    for name, value in stored["headers"].items():
        response[name] = value
    response[CACHE_STATE_HEADER] = state
    return response


# The data almost every public page shows (labs, their organisations and territories, and
# projects); pages add their own domain's topics to it.
CATALOGUE = ("territories", "organisations", "labs", "projects")
