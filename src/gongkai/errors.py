"""The base of gongkai's domain errors: every message is Chinese and says what, where and what to do.

The CLI and the web platform render ``str(error)``; the structured ``fields`` let them do more.  The casework
engine (``CaseworkError``), the working-day calendar (:mod:`gongkai.workdays.errors`) and the 主动公开 register
build on it, so none of them depends on another for its errors.  (Reading errors are
:class:`gongkai.readers.base.ReadError`, which names the file.)
"""

from __future__ import annotations

import errno
import os
import stat


class GongkaiError(Exception):
    """``message`` is the Chinese text shown to a clerk; ``fields`` the structured facts behind it."""

    def __init__(self, message: str, **fields):
        super().__init__(message)
        self.message = message
        self.fields = fields

    def __str__(self) -> str:
        return self.message


def special_file(path) -> str | None:
    """Why ``path`` cannot be read as a file, when it is a named pipe, a device or a socket (reading a pipe waits
    forever for a writer, a device never ends): e.g. "这是命名管道（FIFO），不是普通文件"; None for a regular
    file, a folder or a path that does not exist (each caller says those its own way)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    what = ("命名管道（FIFO）" if stat.S_ISFIFO(mode) else "设备文件" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "套接字" if stat.S_ISSOCK(mode) else "特殊文件")
    return f"这是{what}，不是普通文件"


def os_reason(exc: OSError) -> str:
    """Why a file could not be written, in Chinese (the system's English wording only for a rare error)."""
    return {errno.ENOENT: "所在文件夹不存在", errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限",
            errno.EISDIR: "这是一个文件夹", errno.ENOTDIR: "路径中有一部分是文件而不是文件夹",
            errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "磁盘配额已满", errno.EROFS: "只读文件系统",
            errno.ENAMETOOLONG: "文件名过长", errno.EFBIG: "文件过大", errno.ETXTBSY: "文件正被其他程序使用",
            errno.EBUSY: "文件正被其他程序使用"}.get(exc.errno, exc.strerror or str(exc))
