"""Supervision tests: the web suite's fixtures; published files in a temporary folder; no broker
(audits in-process) unless a test sets one."""

from __future__ import annotations

import contextlib
import datetime as dt
import http.server
import threading
from pathlib import Path

import pytest

from gongkai.cli import sample_path


@pytest.fixture(autouse=True)
def _supervision_settings(settings, tmp_path, monkeypatch):
    settings.GONGKAI_SUPERVISION_DIR = tmp_path / "supervision"
    settings.GONGKAI_BROKER_URL = ""
    monkeypatch.delenv("GONGKAI_BROKER_URL", raising=False)


SAMPLE_AGENCY = "示例县清河镇人民政府"

#: when the test world's units were put on the platform: years before, so that the sample's 2023 counts for them
#: (a unit added today owes reports from last year on: test_user_defects2.py)
ON_PLATFORM_SINCE = dt.date(2019, 6, 1)


@pytest.fixture
def world(world):
    from gongkai.web.agencies.models import Agency
    Agency.objects.update(added_on=ON_PLATFORM_SINCE)
    for a in (world.county, world.a, world.b, world.other_county):
        a.refresh_from_db()
    return world


def sample_text() -> str:
    return Path(sample_path()).read_text(encoding="utf-8")


@pytest.fixture
def unit(world):
    """The sample report's agency, a 乡镇 under the test county."""
    from gongkai.web.agencies.models import Agency
    return Agency.objects.create(name=SAMPLE_AGENCY, kind="township", parent=world.county, added_on=ON_PLATFORM_SINCE)


def batch_of(*files):
    """An intake Batch from (name, bytes) pairs."""
    from gongkai.web.supervision.intake import Batch, incoming
    return Batch(files=[incoming(n, d) for n, d in files])


@contextlib.contextmanager
def local_site(handler):
    """A local HTTP server answering with ``handler`` (a ``BaseHTTPRequestHandler`` class) in threads of its own, as
    a portal publishing reports: yields its base address, stops when the block ends.  The fetch refuses this
    machine's addresses by default (SSRF): the block allows 127.0.0.1 explicitly, as an intranet deployment
    allows its portals (GONGKAI_FETCH_ALLOW_PRIVATE)."""
    from django.test import override_settings
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with override_settings(GONGKAI_FETCH_ALLOW_PRIVATE="127.0.0.1"):
            yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
