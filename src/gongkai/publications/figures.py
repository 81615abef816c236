"""Yearly figures for table 二 第二十条第（五）（六）（八）项, entered by hand with their source.

These numbers are not items of the register: 行政许可 / 行政处罚 / 行政强制 decisions come from the
approval and enforcement systems, the 行政事业性收费 amount from the finance office.  Each figure
records where it came from (``source``) and who entered it, so the report can say so.
Units: counts in 件 (non-negative integers); the fee amount in 万元 (a non-negative Decimal, as the
column header "本年收费金额（单位：万元）" says; annual-report-format-2021.md §4).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..format.format2021 import FIGURE_ROWS as _FORMAT_FIGURE_ROWS, PROACTIVE_COLUMNS, short_column_label
from .errors import FigureError

_COLUMNS = {c.id: c for c in PROACTIVE_COLUMNS}

#: table 二 row id → (column id, label, the 第二十条 item)
FIGURE_ROWS = {r.id: (r.columns[0], f"{r.label} {short_column_label(_COLUMNS[r.columns[0]])}", r.block)
               for r in _FORMAT_FIGURE_ROWS}


@dataclass(frozen=True)
class YearlyFigure:
    """One table 二 figure: ``row`` (:data:`FIGURE_ROWS` id), ``value`` (int 件, or Decimal 万元 for
    administrative_fees), ``source`` (where it came from, required), ``entered_by``, ``entered_on``.
    Raises FigureError for an unknown row, a negative or non-integer count, or no source."""

    agency: str
    year: int
    row: str
    value: int | Decimal
    source: str
    entered_by: str = ""
    entered_on: dt.date | None = None

    def __post_init__(self):
        if self.row not in FIGURE_ROWS:
            raise FigureError(f"表二没有「{self.row}」这一项；可录入：{'、'.join(v[1] for v in FIGURE_ROWS.values())}。")
        label = FIGURE_ROWS[self.row][1]
        if self.row == "administrative_fees":
            try:
                v = Decimal(str(self.value))
            except InvalidOperation:
                raise FigureError(f"{self.year}年{label}「{self.value}」不是数字。") from None
            if not v.is_finite() or v < 0:
                raise FigureError(f"{self.year}年{label}不能为负数或非数字：{self.value}。")
            object.__setattr__(self, "value", v)
        else:
            if isinstance(self.value, bool) or not isinstance(self.value, int):
                try:
                    d = Decimal(str(self.value))
                except InvalidOperation:
                    raise FigureError(f"{self.year}年{label}「{self.value}」不是整数件数。") from None
                if d != d.to_integral_value():
                    raise FigureError(f"{self.year}年{label}应为整数件数，而不是 {self.value}。")
                object.__setattr__(self, "value", int(d))
            if self.value < 0:
                raise FigureError(f"{self.year}年{label}不能为负数：{self.value}。")
        if not (self.source or "").strip():
            raise FigureError(f"{self.year}年{label}须注明数据来源（例如审批系统导出、财务报表）。")

    @property
    def label(self) -> str:
        return FIGURE_ROWS[self.row][1]


def yuan_to_10k(yuan) -> Decimal:
    """元 → 万元 (exact decimal division by 10000), for fee amounts kept in 元."""
    try:
        return Decimal(str(yuan)) / Decimal(10000)
    except InvalidOperation:
        raise FigureError(f"金额「{yuan}」不是数字。") from None


__all__ = ["FIGURE_ROWS", "YearlyFigure", "yuan_to_10k"]
