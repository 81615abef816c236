"""Issue 15, remaining defect 4: a worker killed outright (kill -9, no atexit) left its /tmp/gongkai-sup-* folder
behind.  ``gongkai worker`` removes at start those of this account untouched for the visibility timeout whose
process is gone — never one in use, never anything else."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

import pytest

from gongkai.web.supervision import services


@pytest.fixture
def tmpdir_as_temp(tmp_path, monkeypatch):
    base = tmp_path / "tmp"
    base.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(base))
    monkeypatch.setattr(services, "SHM", str(base))  # (the links go to /dev/shm where there is one)
    return base


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def _aged(path, seconds):
    t = time.time() - seconds
    os.utime(path, (t, t), follow_symlinks=False)
    return path


def test_only_stale_folders_of_gone_processes_are_removed(tmpdir_as_temp):
    base, dead, timeout = tmpdir_as_temp, _dead_pid(), 600
    stale = base / f"gongkai-sup-{dead}-ab12_x"
    stale.mkdir()
    os.symlink("/nonexistent/stored", stale / "report.pdf")  # a read cut short by the kill
    _aged(stale, 2 * timeout)
    old_format = _aged(_mk(base / "gongkai-sup-q9z8y7"), 2 * timeout)         # an older version's, no pid
    in_use = _aged(_mk(base / f"gongkai-sup-{os.getpid()}-cd34"), 2 * timeout)  # its process lives: idle, in use
    recent = _mk(base / f"gongkai-sup-{dead}-ef56")                             # touched within the timeout
    recent_old_format = _mk(base / "gongkai-sup-zz11")
    other = _aged(_mk(base / "gongkai-support"), 2 * timeout)                   # not ours by name
    a_file = base / f"gongkai-sup-{dead}-gh78"
    a_file.write_text("x")
    _aged(a_file, 2 * timeout)
    removed = services.clean_stale_link_dirs(timeout)
    assert sorted(removed) == sorted([stale, old_format])
    assert not stale.exists() and not old_format.exists()
    for kept in (in_use, recent, recent_old_format, other, a_file):
        assert kept.exists(), kept
    assert services.clean_stale_link_dirs(timeout) == []  # nothing left to remove


def _mk(path):
    path.mkdir()
    return path


def test_the_folder_a_reader_uses_names_its_process_and_survives_the_cleanup(tmpdir_as_temp, monkeypatch):
    monkeypatch.setattr(services._links, "dir", None, raising=False)  # (one made by an earlier test elsewhere)
    d = services._link_dir()
    assert d.parent == tmpdir_as_temp and d.name.startswith(f"gongkai-sup-{os.getpid()}-")
    _aged(d, 10_000)
    assert services.clean_stale_link_dirs(600) == [] and d.is_dir()


def test_a_killed_workers_folder_is_removed_when_a_worker_starts(world, settings, monkeypatch, tmpdir_as_temp, capsys):
    from gongkai.cli import main as cli_main
    from gongkai.web.commands import supervise

    # a process that made its folder and was killed with SIGKILL (no atexit)
    code = ("import os, signal, sys; sys.path.insert(0, sys.argv[1]); import tempfile; "
            "tempfile.tempdir = sys.argv[2]; "
            "d = tempfile.mkdtemp(prefix=f'gongkai-sup-{os.getpid()}-'); "
            "os.symlink('/x', os.path.join(d, 'report.txt')); os.kill(os.getpid(), signal.SIGKILL)")
    p = subprocess.run([sys.executable, "-c", code, "src", str(tmpdir_as_temp)])
    assert p.returncode == -9
    [left] = list(tmpdir_as_temp.iterdir())
    _aged(left, 601)
    settings.GONGKAI_BROKER_URL = "redis://127.0.0.1:6379/12"
    monkeypatch.setattr(supervise, "reachable", lambda: True)
    monkeypatch.setattr(supervise.gc, "freeze", lambda: None)

    class App:
        def worker_main(self, argv):
            pass

    monkeypatch.setattr(supervise, "configure", lambda: App())
    assert cli_main(["worker"]) == 0
    assert not left.exists()
    assert "已清理此前中途停止的 worker 留下的 1 个临时文件夹" in capsys.readouterr().out
