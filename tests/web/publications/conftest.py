"""Publications web tests: the web suite's fixtures (tests/web/conftest.py) plus a clean cache
(rate-limit counters live there)."""

import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache
    cache.clear()
    yield
    cache.clear()
