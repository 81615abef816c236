"""Errors of the casework engine.  Every message is Chinese and says what, where and what to do.

The CLI and the web platform render ``str(error)``; the structured fields let them do more.
"""

from __future__ import annotations


class CaseworkError(Exception):
    """Base class: ``message`` is the Chinese text shown to a clerk."""

    def __init__(self, message: str, **fields):
        super().__init__(message)
        self.message = message
        self.fields = fields

    def __str__(self) -> str:
        return self.message


class CalendarUnavailable(CaseworkError):
    """No State Council holiday schedule is known for ``year`` (neither the library nor a loaded file).

    Raised instead of silently counting Monday–Friday (working-days.md §4 rule 1).
    """

    def __init__(self, year: int, known: tuple[int, int] | None = None):
        span = f"（内置日历覆盖 {known[0]}—{known[1]} 年）" if known else ""
        if year < 2008:
            hint = "《政府信息公开条例》2008年5月1日起施行，请核对日期。"
        else:
            hint = (f"请由本机关加载 {year} 年的国务院节假日安排通知（gongkai calendar import，见 docs/casework.md"
                    f"「加载国务院节假日安排通知」）后重新计算。")
        super().__init__(f"无法计算：缺少 {year} 年的国务院节假日安排{span}。{hint}", year=year)
        self.year = year


class ScheduleFileError(CaseworkError):
    """An office schedule file is malformed: ``path`` and ``where`` say where."""


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
