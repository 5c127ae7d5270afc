"""The public side of the figures, kept for `LABNET_STATS_CACHE_SECONDS`.

At national scale (docs/scale.md) a dashboard's grouped queries take seconds on one
2-core machine; the public dashboards and the bilan must answer within 100 ms. What the
public sees is the same for every visitor, so each section (and the bilan) is computed
once per period, per language (labels are translated when computed), lab and filters. The
internal side (the coordination, a lab's team) is never cached: it differs per reader
and must show what they just wrote. docs/adr/0041-picture-one-set-of-figures.md.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

PREFIX = "labnet-stats:v1"


def cached_public(parts: tuple, compute: Callable):
    """`compute()`, or its value kept from the last `LABNET_STATS_CACHE_SECONDS`."""
    seconds = settings.LABNET_STATS_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    key = ":".join([PREFIX, get_language() or "fr", *(str(part) for part in parts)])
    return cache.get_or_set(key, compute, seconds)
