"""Errors of the proactive-disclosure register.  Every message is Chinese and says what, where
and what to do; the CLI and web layer render ``str(error)``.

They subclass :class:`gongkai.casework.errors.CaseworkError` (a Chinese ``message`` plus
structured ``fields``) so one handler renders errors of both libraries.
"""

from __future__ import annotations

from ..casework.errors import CaseworkError


class PublicationError(CaseworkError):
    """Base class: bad register input (missing title, unknown category, bad dates …)."""


class ReviewRefused(PublicationError):
    """A review step is not allowed in the item's state, or by this person (审核/签发链)."""


class LifecycleError(PublicationError):
    """A 规章/行政规范性文件 lifecycle is inconsistent (废止 before 制发 …)."""


class FigureError(PublicationError):
    """A yearly count for 第二十条第（五）（六）（八）项 is malformed (negative, no source …)."""
