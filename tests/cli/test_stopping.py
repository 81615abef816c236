"""Stopping a folder audit, and failing to write its output (a fresh user's report).

- Ctrl-C (SIGINT to the process group or to the parent alone) and SIGTERM stop ``gongkai audit DIR -j 2``
  within seconds: exit 130 / 143, a Chinese message, valid JSON marked ``"interrupted": true``, no worker left.
- A worker dies with its parent (PR_SET_PDEATHSIG): ``kill -9`` of the parent leaves no orphan.
- A full disk is 「无法写出结果：磁盘已满」 exit 2; a closed pipe exits 2, not 0.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="信号和 /proc 只在 Linux 上这样测")


def _env():
    return {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}


@pytest.fixture
def many(tmp_path, corpus):
    """A few hundred copies of a real report (a name no other process has in its command line)."""
    d = tmp_path / "fixc_many_reports"
    d.mkdir()
    src = corpus("real/2024_huaian-shi.txt")
    for i in range(300):
        shutil.copy(src, d / f"r{i:03}.txt")
    return d


def _processes_naming(marker: str) -> list[int]:
    """Every live process (zombies aside) whose command line names ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def _sigint_default():
    """In the child: Ctrl-C as in a terminal, even when these tests run under a shell that started them in the
    background (SIGINT ignored, and so inherited ignored — the convention the batch keeps)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(folder: Path, out: Path, fmt: str = "json"):
    with open(out, "w") as stream:
        proc = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "audit", str(folder), "-j", "2",
                                 "--format", fmt], stdout=stream, stderr=subprocess.PIPE, env=_env(),
                                start_new_session=True, preexec_fn=_sigint_default)
    deadline = time.monotonic() + 120
    while out.read_text(encoding="utf-8").count('"source"') < 3:  # the first results are out
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "no result in 120 s"
        time.sleep(0.1)
    return proc


def _no_survivors(marker: str) -> list[int]:
    deadline = time.monotonic() + 5
    while (left := _processes_naming(marker)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


@pytest.mark.parametrize(("how", "status"), [("group-int", 130), ("parent-int", 130), ("parent-term", 143)])
def test_interrupting_a_parallel_audit_stops_it_promptly_and_leaves_valid_json(many, tmp_path, how, status):
    out = tmp_path / "out.json"
    proc = _start(many, out)
    sent = time.monotonic()
    if how == "group-int":
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in a terminal
    else:
        os.kill(proc.pid, signal.SIGINT if how == "parent-int" else signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert time.monotonic() - sent < 15
    assert proc.returncode == status
    stderr = proc.stderr.read().decode()
    assert "已中断：已审核" in stderr and "其余未审核" in stderr and "Traceback" not in stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["interrupted"] is True
    assert 3 <= len(doc["reports"]) < 300
    assert f"已审核 {len(doc['reports'])} 份" in stderr
    assert _no_survivors(str(many)) == []


def test_workers_die_with_their_parent(many, tmp_path):
    proc = _start(many, tmp_path / "out.json")
    workers = [p for p in _processes_naming(str(many)) if p != proc.pid]
    assert workers
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert _no_survivors(str(many)) == []


def _run(argv, stdout):
    return subprocess.run([sys.executable, "-m", "gongkai.cli", *argv], stdout=stdout, stderr=subprocess.PIPE,
                          env=_env(), timeout=300)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="没有 /dev/full")
@pytest.mark.parametrize("argv", [["extract", "{r}", "--to", "json"], ["extract", "{r}", "--to", "csv"],
                                  ["audit", "{d}", "-j", "2", "--format", "json"], ["audit", "{r}"]])
def test_a_full_disk_is_said_plainly_and_exits_2(corpus, tmp_path, argv):
    report = corpus("real/2024_huaian-shi.txt")
    for i in range(3):
        shutil.copy(report, tmp_path / f"r{i}.txt")
    argv = [a.format(r=report, d=tmp_path) for a in argv]
    with open("/dev/full", "w") as full:
        done = _run(argv, full)
    stderr = done.stderr.decode()
    assert done.returncode == 2, stderr
    assert "无法写出结果：磁盘已满" in stderr
    assert "内部错误" not in stderr and "Traceback" not in stderr and "Exception ignored" not in stderr


def test_a_closed_pipe_exits_2(corpus, tmp_path):
    for i in range(40):
        shutil.copy(corpus("real/2024_huaian-shi.txt"), tmp_path / f"r{i}.txt")
    proc = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "audit", str(tmp_path), "-j", "2",
                             "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    proc.stdout.read(100)
    proc.stdout.close()  # `| head -c 100`
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 2, stderr.decode()
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr


@pytest.mark.parametrize(("signum", "raised"), [(signal.SIGINT, KeyboardInterrupt), (signal.SIGTERM, "Terminated")])
def test_an_interrupt_while_a_result_is_written_waits_for_its_end(signum, raised):
    from gongkai.cli import batch
    raised = batch.Terminated if raised == "Terminated" else raised
    written = []
    inherited = signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal (see _sigint_default)
    try:
        _interrupt_while_writing(batch, signum, raised, written)
    finally:
        signal.signal(signal.SIGINT, inherited)


def _interrupt_while_writing(batch, signum, raised, written):
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    with pytest.raises(raised), batch.stoppable():
        with batch.signals_held():
            os.kill(os.getpid(), signum)
            for _ in range(1000):  # the handler runs between these bytecodes: it must only take note
                written.append(1)
        written.append("after")  # never reached: raised at the end of signals_held
    assert written[-1] == 1 and len(written) == 1000
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before  # restored
