"""A folder given to ``gongkai supervise import`` holding a report's name on a named pipe or a broken link: each
is listed as not imported, with the reason — they were left out without a word (and a pipe is never read)."""

from __future__ import annotations

import os

import pytest

from gongkai.web.supervision import intake

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="没有命名管道（非 POSIX 系统）")


def test_a_pipe_and_a_broken_link_in_a_folder_are_refused_with_their_reason(tmp_path):
    folder = tmp_path / "各单位 年报"
    folder.mkdir()
    (folder / "说明.exe").write_bytes(b"MZ")  # a file of another type: not taken, as before
    os.mkfifo(folder / "管道.txt")
    (folder / "失效.pdf").symlink_to(tmp_path / "不存在.pdf")
    found = intake.StoredPaths([str(folder)])
    assert list(found) == []
    assert {(r.name, r.reason) for r in found.refused} == {
        ("管道.txt", "这是命名管道（FIFO），不是普通文件"), ("失效.pdf", "失效的符号链接（指向的文件不存在）")}


def test_a_pipe_named_itself_is_refused_as_a_pipe(tmp_path):
    os.mkfifo(tmp_path / "报告.txt")
    found = intake.StoredPaths([str(tmp_path / "报告.txt")])
    assert list(found) == []
    assert [r.reason for r in found.refused] == ["这是命名管道（FIFO），不是普通文件"]
