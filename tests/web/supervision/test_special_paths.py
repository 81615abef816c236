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


def test_an_address_list_saved_as_gbk_is_read_and_junk_or_a_pipe_is_said_in_chinese(tmp_path):
    gbk = tmp_path / "地址.txt"
    gbk.write_bytes("# 某县各单位\nhttps://example.com/年报.html\n".encode("gb18030"))
    assert intake.read_address_list(str(gbk)) == ["https://example.com/年报.html"]
    junk = tmp_path / "乱码.txt"
    junk.write_bytes(b"\xf0\x28\x8c\x28\xff" * 20)
    os.mkfifo(tmp_path / "管道.txt")
    for path, says in ((junk, "不是 UTF-8 或 GB18030 编码的文本"), (tmp_path / "管道.txt", "命名管道"),
                       (tmp_path / "没有.txt", "找不到该文件"), (tmp_path, "这是一个文件夹")):
        with pytest.raises(ValueError) as e:
            intake.read_address_list(str(path))
        assert says in str(e.value) and "codec" not in str(e.value)


def test_the_common_reasons_an_address_cannot_be_reached_are_chinese():
    import socket
    import ssl
    for reason, says in ((socket.gaierror(-2, "Name or service not known"), "域名无法解析"),
                         (ConnectionRefusedError(111, "Connection refused"), "拒绝连接"),
                         (ssl.SSLCertVerificationError("certificate verify failed"), "证书无法验证"),
                         (OSError(101, "Network is unreachable"), "网络不可达")):
        assert says in intake._network_reason(reason)
