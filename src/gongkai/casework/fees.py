"""信息处理费 under 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号); shared/spec/fees.md.

- 按件计收 (办法第四条): by the application's ordinal among the same applicant's applications
  to this agency in one natural month: 1–10 free; 11–30 100 元/件; from 31, each further band
  of 10 raises the rate by 100 元/件 (31–40 200, 41–50 300 …).  Each application's fee is fixed by
  its ordinal (超额累进, 第三条).
- 按量计收 (办法第五条): pages supplied for one application: 1–30 free; 31–100 10 元/页;
  101–200 20 元/页; from 201 40 元/页, each rate only on the pages inside its band.
- One method per application, never both (第三条).  Amounts are whole 元 (int).

Points the spec marks UNCONFIRMED and how they are handled (configurable by the caller):
counting per agency (default) — the caller passes the applications it counts; information already
proactively disclosed is not charged 按量 (``already_public``); the agency's waiver is recorded with
its reason (the fee is discretionary, 条例第四十二条 "可以收取").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from .errors import FeeError

BASIS_PER_REQUEST = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）第四条"
BASIS_PER_PAGE = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）第五条"
METHODS = {"per_request": "按件计收", "per_page": "按量计收"}

#: (first page, last page or None, 元/页)
PAGE_TIERS = ((1, 30, 0), (31, 100, 10), (101, 200, 20), (201, None, 40))


def per_request_rate(ordinal: int) -> int:
    """元 for the ``ordinal``-th application (1-based) of one applicant in one natural month."""
    if not isinstance(ordinal, int) or ordinal < 1:
        raise FeeError(f"申请序号须为正整数（本月第几件），实为「{ordinal}」。")
    if ordinal <= 10:
        return 0
    if ordinal <= 30:
        return 100
    return 100 * ((ordinal - 31) // 10 + 2)


def per_request_band(ordinal: int) -> tuple[int, int | None]:
    """The band (first, last) of ordinals sharing ``ordinal``'s rate: (1,10), (11,30), (31,40) …"""
    if ordinal <= 10:
        return 1, 10
    if ordinal <= 30:
        return 11, 30
    first = 31 + (ordinal - 31) // 10 * 10
    return first, first + 9


def _band_label(first: int, last: int | None, unit: str) -> str:
    return f"第{first}—{last}{unit}" if last else f"第{first}{unit}以上"


@dataclass
class FeeCalculation:
    """A fee with its working: ``fee_yuan`` (int 元), ``lines`` one per tier applied
    (``{"tier", "units", "rate_yuan", "amount_yuan"}``), ``basis`` the article, ``note`` why 0 if exempt."""

    method: str
    fee_yuan: int
    lines: list[dict] = field(default_factory=list)
    basis: str = ""
    note: str = ""
    ordinal: int | None = None
    pages: int | None = None

    def describe(self) -> list[str]:
        out = [f"计费方式：{METHODS[self.method]}（{self.basis}）"]
        for ln in self.lines:
            out.append(f"  {ln['tier']}：{ln['units']} × {ln['rate_yuan']} 元 = {ln['amount_yuan']} 元")
        if self.note:
            out.append(f"  说明：{self.note}")
        out.append(f"信息处理费：{self.fee_yuan} 元")
        return out

    def to_dict(self) -> dict:
        return {"method": self.method, "method_label": METHODS[self.method], "fee_yuan": self.fee_yuan,
                "lines": self.lines, "basis": self.basis, "note": self.note, "ordinal": self.ordinal,
                "pages": self.pages}


def per_request_fee(ordinal: int, *, waiver: str = "") -> FeeCalculation:
    """按件计收 for the ``ordinal``-th application of the month.  ``waiver``: the agency's reason for
    not charging (recorded, fee 0)."""
    rate = per_request_rate(ordinal)
    first, last = per_request_band(ordinal)
    calc = FeeCalculation("per_request", rate, [{"tier": f"本月{_band_label(first, last, '件')}", "units": 1,
                                                 "rate_yuan": rate, "amount_yuan": rate}],
                          BASIS_PER_REQUEST, ordinal=ordinal)
    if rate == 0:
        calc.note = "同一申请人一个自然月内累计申请10件以下（含10件）的，不收费"
    return _waive(calc, waiver)


def per_page_fee(pages: int, *, already_public: bool = False, waiver: str = "") -> FeeCalculation:
    """按量计收 for ``pages`` pages supplied for one application (超额累进 over PAGE_TIERS).

    ``already_public``: the information was already proactively disclosed — not charged (办法第五条,
    wording after "相关政府信息已经主动对外公开" UNCONFIRMED; conservative reading).
    """
    if not isinstance(pages, int) or pages < 0:
        raise FeeError(f"页数须为非负整数，实为「{pages}」。")
    lines, total = [], 0
    for first, last, rate in PAGE_TIERS:
        units = max(0, min(pages, last if last else pages) - first + 1)
        if units <= 0:
            continue
        amount = units * rate
        total += amount
        lines.append({"tier": _band_label(first, last, "页"), "units": units, "rate_yuan": rate, "amount_yuan": amount})
    calc = FeeCalculation("per_page", total, lines, BASIS_PER_PAGE, pages=pages)
    if pages <= 30:
        calc.note = "30页以下（含30页）的，不收费"
    if already_public and total:
        calc.fee_yuan, calc.note = 0, "相关政府信息已经主动公开，不按量收费（办法第五条）"
    return _waive(calc, waiver)


def _waive(calc: FeeCalculation, waiver: str) -> FeeCalculation:
    waiver = (waiver or "").strip()
    if waiver and calc.fee_yuan:
        calc.note = f"本机关决定不收取（{waiver}）；应收 {calc.fee_yuan} 元"
        calc.fee_yuan = 0
    return calc


def compare_methods(ordinal: int, pages: int) -> dict[str, FeeCalculation]:
    """Both tariffs for one application, for the agency to choose **one** (办法第三条: never both)."""
    return {"per_request": per_request_fee(ordinal), "per_page": per_page_fee(pages)}


@dataclass
class MonthlyItem:
    """One application in a monthly 按件 statement: its date, id, ordinal in the month, fee."""

    received_on: dt.date
    request_id: str
    ordinal: int
    fee_yuan: int


@dataclass
class MonthStatement:
    """An applicant's applications to one agency in one natural month, with the tiers applied."""

    month: str  # "2024-03"
    items: list[MonthlyItem]
    lines: list[dict]
    total_yuan: int

    def to_dict(self) -> dict:
        return {"month": self.month, "count": len(self.items), "lines": self.lines, "fee_yuan": self.total_yuan,
                "items": [{"received_on": i.received_on.isoformat(), "request_id": i.request_id,
                           "ordinal": i.ordinal, "fee_yuan": i.fee_yuan} for i in self.items]}


def monthly_per_request(applications) -> list[MonthStatement]:
    """按件计收 for one applicant's applications to one agency: ``applications`` is an iterable of
    ``(received_on, request_id)``.  The counter restarts each natural month; within a month the
    ordinal follows the date (and the given order on the same day, e.g. pieces split under
    "一事一申请").  Returns one statement per month, in order.
    """
    by_month: dict[str, list] = defaultdict(list)
    for k, (day, rid) in enumerate(applications):
        if not isinstance(day, dt.date):
            raise FeeError(f"第{k + 1}件申请的日期「{day}」不是日期。")
        by_month[f"{day.year:04d}-{day.month:02d}"].append((day, k, rid))
    out = []
    for month in sorted(by_month):
        apps = sorted(by_month[month])
        items = [MonthlyItem(day, rid, n, per_request_rate(n)) for n, (day, _, rid) in enumerate(apps, 1)]
        bands: dict[tuple, int] = defaultdict(int)
        for it in items:
            bands[per_request_band(it.ordinal)] += 1
        lines = [{"tier": f"本月{_band_label(f, l, '件')}", "units": u, "rate_yuan": per_request_rate(f),
                  "amount_yuan": u * per_request_rate(f)} for (f, l), u in sorted(bands.items())]
        out.append(MonthStatement(month, items, lines, sum(i.fee_yuan for i in items)))
    return out
