"""The web suite again on PostgreSQL (127.0.0.1:5432, trust auth, database ``test``).

A second pytest run of tests/web with DATABASE_URL set (the settings switch on it); skipped with the
reason when no server answers.  Inside that run this test skips itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _pg_url():
    try:
        import psycopg
    except ImportError:
        return None, "psycopg 未安装"
    last = ""
    for user in ("postgres", "root"):
        try:
            psycopg.connect(f"host=127.0.0.1 port=5432 user={user} dbname=test connect_timeout=3").close()
            return f"postgres://{user}@127.0.0.1:5432/test", ""
        except Exception as e:  # noqa: BLE001 — any failure means "not reachable"
            last = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return None, last


def test_web_suite_passes_on_postgresql():
    if os.environ.get("DATABASE_URL"):
        pytest.skip("already running on DATABASE_URL")
    url, why = _pg_url()
    if url is None:
        pytest.skip(f"PostgreSQL 127.0.0.1:5432 (database test) not reachable: {why}")
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("GONGKAI_DATA_DIR", None)
    proc = subprocess.run([sys.executable, "-m", "pytest", str(HERE), "-q", "-x", "-p", "no:cacheprovider",
                           # The browser journeys test the pages, not the database; they run once, on SQLite.
                           "--ignore-glob", str(HERE / "test_browser*.py")],
                          env=env, capture_output=True, text=True, timeout=1500)
    lines = proc.stdout.splitlines()
    tail = "\n".join(lines[-15:])
    # On failure show which test failed and the start of its report, not only the end of a long diff.
    start = next((i for i, line in enumerate(lines) if line.startswith("___")), max(len(lines) - 15, 0))
    failed = [line for line in lines if line.startswith(("FAILED", "ERROR"))]
    report = "\n".join(failed + lines[start:start + 80])
    assert proc.returncode == 0, f"PostgreSQL run failed:\n{report}\n...\n{tail}\n{proc.stderr[-2000:]}"
    assert " passed" in tail
