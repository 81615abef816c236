"""LibreOffice as a converter (gongkai.office): a conversion that runs too long is stopped with every process it
started — soffice's wrapper and the soffice.bin it spawns — on a timeout and on every other way out (a read time
limit raised inside the wait).  A fake soffice (a shell script that starts a child and sleeps) stands for
LibreOffice, named by GONGKAI_SOFFICE."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from gongkai import office
from gongkai.readers import ReadError, time_limit

FAKE = """#!/bin/sh
sleep 300 &
echo $! >> "{pids}"
echo $$ >> "{pids}"
wait
"""


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie (a killed orphan not yet reaped by init is gone for good)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"


def _gone(pids: list[int], within: float = 5.0) -> bool:
    end = time.monotonic() + within
    while time.monotonic() < end:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc to see the processes")
    pids = tmp_path / "pids"
    exe = tmp_path / "soffice"
    exe.write_text(FAKE.format(pids=pids))
    exe.chmod(0o755)
    monkeypatch.setenv("GONGKAI_SOFFICE", str(exe))
    return pids


def _started(pids: Path) -> list[int]:
    end = time.monotonic() + 5
    while time.monotonic() < end:
        if pids.exists() and len(pids.read_text().split()) >= 2:
            return [int(p) for p in pids.read_text().split()]
        time.sleep(0.05)
    raise AssertionError("the fake soffice did not start")


def test_soffice_is_named_by_gongkai_soffice(fake_soffice, monkeypatch):
    assert office.soffice_path() == os.environ["GONGKAI_SOFFICE"]
    monkeypatch.setenv("GONGKAI_SOFFICE", "/nonexistent/soffice")
    assert office.soffice_path() is None


def test_a_timeout_kills_the_whole_process_group(fake_soffice, tmp_path):
    src = tmp_path / "in.doc"
    src.write_bytes(b"x")
    (tmp_path / "out").mkdir()
    with pytest.raises(office.RenderError) as exc:
        office.convert_with_soffice(src, "docx", tmp_path / "out", timeout=1)
    assert "超时" in str(exc.value)
    pids = _started(fake_soffice)
    assert _gone(pids), [p for p in pids if _alive(p)]


def test_a_read_time_limit_inside_the_conversion_kills_it_too(fake_soffice, tmp_path):
    """The reader's own limit (SIGALRM, gongkai.readers.time_limit) raises while the conversion waits: the
    processes go with it."""
    src = tmp_path / "in.doc"
    src.write_bytes(b"x")
    (tmp_path / "out").mkdir()
    with pytest.raises(ReadError):
        with time_limit("in.doc", seconds=1):
            office.convert_with_soffice(src, "docx", tmp_path / "out", timeout=60)
    pids = _started(fake_soffice)
    assert _gone(pids), [p for p in pids if _alive(p)]
