"""A named pipe (FIFO) called 报告.txt — in a folder or named itself — is refused in Chinese, never read: reading
it waits forever for a writer (a new user's folder audit hung on one).  Each test fails, not hangs, on a
regression (an alarm)."""

from __future__ import annotations

import os
import signal

import pytest

from gongkai.cli import main, sample_path

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="没有命名管道（非 POSIX 系统）")


@pytest.fixture(autouse=True)
def no_hang():
    def hung(*_):
        raise AssertionError("读取命名管道时挂起")
    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _fifo(path):
    os.mkfifo(path)
    return path


def test_a_folder_audit_lists_a_pipe_as_unreadable_and_audits_the_rest(capsys, tmp_path):
    (tmp_path / "a.txt").write_text(sample_path().read_text(encoding="utf-8"), encoding="utf-8")
    _fifo(tmp_path / "b.txt")
    code, out, _ = run(capsys, "audit", str(tmp_path), "--format", "csv")
    assert code == 2
    assert "命名管道（FIFO），不是普通文件" in out and "a.txt" in out


@pytest.mark.parametrize("argv", [
    ("audit", "{fifo}"),
    ("extract", "{fifo}"),
    ("render", "{fifo}", "--to", "md", "-o", "{tmp}/x.md"),
    ("audit", "{sample}", "--previous", "{fifo}"),
    ("calendar", "import", "{fifo}", "--dry-run"),
    ("deadline", "--received", "2027-01-05", "--schedule", "{fifo}"),
    ("ledger", "{fifo}", "--agency", "某局", "--year", "2024"),
])
def test_a_pipe_named_as_the_input_is_refused_in_chinese(capsys, tmp_path, argv):
    fifo = _fifo(tmp_path / "报告.txt")
    args = [a.format(fifo=fifo, tmp=tmp_path, sample=sample_path()) for a in argv]
    code, out, err = run(capsys, *args)
    assert code == 2
    assert "命名管道（FIFO），不是普通文件" in out + err
    assert "Traceback" not in err and "内部错误" not in err
