"""Publications web tests: the web suite's fixtures (tests/web/conftest.py).  Rate-limit counters are
database rows (gongkai.web.ratelimit), rolled back with each test."""

import pytest


@pytest.fixture
def people(world):
    """(world, {"clerk", "reviewer", "signer"} → a logged-in test client) for 甲镇's three people."""
    from django.test import Client
    clients = {}
    for name, user in (("clerk", world.clerk_a), ("reviewer", world.reviewer_a), ("signer", world.signer_a)):
        c = Client()
        c.force_login(user)
        clients[name] = c
    return world, clients
