"""The public side of the figures, kept until the data they count changes.

At national scale (docs/scale.md) a dashboard's grouped queries take seconds on one
2-core machine; the public dashboards and the bilan must answer within 100 ms. What the
public sees is the same for every visitor, so each section (and the bilan) is computed
once per language (labels are translated when computed), lab and filters, and kept under
a key that holds the versions of every topic (core.topics): a committed write anywhere
bumps its topic, so a figure is never served stale after a commit (the page cache's rule,
docs/adr/0048). `LABNET_STATS_CACHE_SECONDS` only bounds how long an unchanged figure
stays in memory. Topic versions are bumped only while the page cache is on
(`LABNET_PAGE_CACHE`), so figures are kept only then. The internal side (the
coordination, a lab's team) is never cached: it differs per reader and must show what
they just wrote. docs/adr/0041-picture-one-set-of-figures.md.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from labnet.core.topics import known_topics, topic_versions

PREFIX = "labnet-stats:v2"


def cached_public(parts: tuple, compute: Callable):
    """`compute()`, or its value kept since the data it counts last changed."""
    seconds = settings.LABNET_STATS_CACHE_SECONDS
    if seconds <= 0 or not settings.LABNET_PAGE_CACHE:
        return compute()
    versions = topic_versions(known_topics())
    # The versions of every topic, hashed: a key must stay under 250 characters (memcached's
    # limit, which Django warns about whatever the backend).
    data_version = hashlib.sha256(
        ".".join(f"{versions[name]}" for name in sorted(versions)).encode()
    ).hexdigest()[:32]
    key = ":".join([PREFIX, data_version, get_language() or "fr", *(str(p) for p in parts)])
    return cache.get_or_set(key, compute, seconds)
