"""When a server process collects its cyclic garbage: between requests, not inside them
(docs/adr/0062-garbage-collection-between-requests.md).

A request leaves thousands of objects in reference cycles (a request and its DRF wrapper,
querysets and their rows, template contexts); only the cyclic collector frees them. With
Python's default thresholds a collection starts inside whichever request crosses the
count, and one that reaches the oldest generation frees the cycles of many requests at
once: 100-170 ms inside one request in ten or twenty on pages whose median is 25 ms
(benchmarks/README.md). The worker instead collects right after a response is written,
when enough has piled up, and leaves the automatic collection for requests that allocate
far more than a page does (an export streaming 100,000 rows), so memory stays bounded.
"""

import gc

# Young container objects that start an automatic collection in the middle of a request.
# Python's default is 700; a page allocates a few thousand, a large export millions.
IN_REQUEST_THRESHOLD = 100_000
# Young objects pending after a request that make the worker collect before the next one:
# a few pages' garbage, so that a collection stays a few milliseconds.
BETWEEN_REQUESTS = 10_000


def after_start() -> None:
    """Once the URLconf and the templates are loaded: what lives as long as the process
    leaves the collector's sight (every full collection would walk it again), and
    automatic collections wait for far more garbage than a page leaves."""
    gc.freeze()
    gc.set_threshold(IN_REQUEST_THRESHOLD, 10, 10)


def between_requests() -> None:
    """After a response is written: a full collection when the garbage of the last
    requests is worth one (a cached page leaves a few hundred objects, so a run of cache
    hits collects rarely)."""
    if gc.get_count()[0] >= BETWEEN_REQUESTS:
        gc.collect()
