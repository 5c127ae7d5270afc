"""The server's garbage-collection policy (config/gc_policy.py, docs/adr/0062): collections
run between requests once garbage piles up, and inside a request only past a threshold
far above what a page allocates."""

import gc
from pathlib import Path

import pytest

from config import gc_policy

ROOT = Path(__file__).resolve().parents[2]


def make_cycles(count: int) -> None:
    """`count` pairs of lists referring to each other, dropped at once: garbage only the
    cyclic collector frees."""
    for _ in range(count):
        a, b = [], []
        a.append(b)
        b.append(a)


@pytest.fixture
def policy():
    thresholds = gc.get_threshold()
    gc_policy.after_start()
    gc.collect()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_after_start_freezes_what_is_loaded_and_raises_the_in_request_threshold(policy):
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (gc_policy.IN_REQUEST_THRESHOLD, 10, 10)


def test_a_few_hundred_objects_wait_and_a_pile_is_collected_between_requests(policy):
    make_cycles(200)
    pending = gc.get_count()[0]
    assert pending >= 400
    gc_policy.between_requests()
    assert gc.get_count()[0] >= pending  # nothing collected: not worth it yet

    make_cycles(gc_policy.BETWEEN_REQUESTS // 2)
    assert gc.get_count()[0] >= gc_policy.BETWEEN_REQUESTS
    gc_policy.between_requests()
    assert gc.get_count()[0] < 100


def test_gunicorn_collects_after_each_request_by_the_policy(policy):
    import gunicorn.http.wsgi

    hooks, server = {}, gunicorn.http.wsgi.SERVER
    config = (ROOT / "config" / "gunicorn.conf.py").read_text()
    exec(compile(config, "gunicorn.conf.py", "exec"), hooks)  # noqa: S102 - our own file
    gunicorn.http.wsgi.SERVER = server
    make_cycles(gc_policy.BETWEEN_REQUESTS)
    hooks["post_request"](None, None, {}, None)
    assert gc.get_count()[0] < 100
