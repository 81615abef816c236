"""The base of gongkai's domain errors: every message is Chinese and says what, where and what to do.

The CLI and the web platform render ``str(error)``; the structured ``fields`` let them do more.  The casework
engine (``CaseworkError``), the working-day calendar (:mod:`gongkai.workdays.errors`) and the 主动公开 register
build on it, so none of them depends on another for its errors.  (Reading errors are
:class:`gongkai.readers.base.ReadError`, which names the file.)
"""

from __future__ import annotations


class GongkaiError(Exception):
    """``message`` is the Chinese text shown to a clerk; ``fields`` the structured facts behind it."""

    def __init__(self, message: str, **fields):
        super().__init__(message)
        self.message = message
        self.fields = fields

    def __str__(self) -> str:
        return self.message
