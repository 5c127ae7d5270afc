import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_visitor_quota():
    # The per-address limit of visitor registrations lives in the cache: every test
    # starts with none used (the test client always comes from 127.0.0.1).
    cache.clear()
    yield
    cache.clear()
