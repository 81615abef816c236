"""Shared set-up for the web benchmarks: Django on a fresh data folder, an office's cases from the demo
generator (through the real state machine).  Not a benchmark itself."""

from __future__ import annotations

import os
import tempfile


def setup_django(today: str = "2025-06-16") -> None:
    os.environ.setdefault("GONGKAI_DATA_DIR", tempfile.mkdtemp(prefix="gongkai-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    os.environ.setdefault("GONGKAI_TODAY", today)
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def pg_user(admin_url: str):
    """The first of postgres/root that can log in to the local PostgreSQL through ``admin_url`` (with a
    ``{user}`` field), or None: the benchmarks create and drop their own databases as that user."""
    import psycopg
    for user in ("postgres", "root"):
        try:
            with psycopg.connect(admin_url.format(user=user), connect_timeout=3):
                return user
        except Exception:
            continue
    return None
