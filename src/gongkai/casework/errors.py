"""Errors of the casework engine.  Every message is Chinese and says what, where and what to do.

The CLI and the web platform render ``str(error)``; the structured fields let them do more.
"""

from __future__ import annotations

from ..errors import GongkaiError
from ..workdays import errors as workdays_errors

#: the calendar's errors, re-exported under their casework names for callers
CalendarUnavailable = workdays_errors.CalendarUnavailable
ScheduleFileError = workdays_errors.ScheduleFileError


#: the casework engine's errors are the project's domain errors under their casework name (kept for callers
#: that catch ``CaseworkError``; it also catches the calendar's errors, as it always did)
CaseworkError = GongkaiError


class TransitionRefused(CaseworkError):
    """An event is not allowed in the request's current state (or breaks a statutory limit)."""


class FeeError(CaseworkError):
    """Bad fee input (negative pages, ordinal < 1, both methods for one application …)."""


class LedgerImportError(CaseworkError):
    """A ledger could not be imported; ``errors`` lists every bad row (nothing was imported)."""

    def __init__(self, errors: list[str], source: str = ""):
        head = f"台账 {source} 有 {len(errors)} 处错误，未导入任何记录：" if source else \
            f"台账有 {len(errors)} 处错误，未导入任何记录："
        super().__init__(head + "\n" + "\n".join(errors), errors=errors)
        self.errors = errors
