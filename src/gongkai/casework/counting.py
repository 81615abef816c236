"""From cases to the annual report: table 三 (and table 四) counted, never typed.

Counting rules (annual-report-format-2021.md §9; 上年结转/结转下年度 are DERIVED from the labels):

- 一、本年新收: requests whose 收到申请之日 (第三十一条) falls in the year;
- 二、上年结转: requests received before 1 January and not closed before it;
- 三、本年度办理结果: each request closed (答复, 视为放弃, 撤回) in the year, in exactly one row —
  its ``disposition`` (部分公开 only under （二）, the row label's own rule);
- 四、结转下年度继续办理: requests received by 31 December and still open on it.

Each counted request is in 一 or 二 and in exactly one of 三 or 四, so 一+二 = 三（七）+四 holds per
column by construction; totals are sums.  Columns are the applicant type (table 三 column ids).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from ..format.format2021 import APPLICANT_COLUMNS, RESULTS, REVIEW_GROUPS, REVIEW_KIND_LABELS, REVIEW_RESULT_LABELS
from ..report import AnnualReport, Cell, Location, ReadingNote
from .errors import CaseworkError
from .model import DISPOSITIONS, Request
from .settings import DEFAULT_SETTINGS, OfficeSettings

SOURCE = "gongkai.casework"

#: First year that has an annual report: 《政府信息公开条例》(国务院令第492号) took effect 2008-05-01.
FIRST_REPORT_YEAR = 2008


def check_year(year) -> int:
    """``year`` if it is a whole year from :data:`FIRST_REPORT_YEAR` to 9999 (the last year a date
    can hold); else :class:`CaseworkError` naming the year (instead of ``datetime``'s ValueError)."""
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_REPORT_YEAR <= year <= dt.MAXYEAR:
        shown = str(year)
        shown = shown if len(shown) <= 20 else shown[:20] + "…"
        raise CaseworkError(f"年度「{shown}」无法统计：年度须为 {FIRST_REPORT_YEAR} 年（《政府信息公开条例》施行之年）"
                            f"至 {dt.MAXYEAR} 年之间的整数。", year=year)
    return year


def _number(value: int, where: str) -> Cell:
    return Cell("number", value, str(value), Location(source=SOURCE, where=where))


def _request_counts(requests: Iterable[Request], agency: str | None, year: int) -> Counter:
    """(row_id, applicant column) → count, one pass over the requests."""
    check_year(year)
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    counts: Counter = Counter()
    for r in requests:
        if agency is not None and r.agency != agency:
            continue
        rec = r.received_on
        if rec > dec31:
            continue
        closed = r.closed_on
        col = r.requester.applicant_type
        if rec >= jan1:
            counts["received", col] += 1
        elif closed is None or closed >= jan1:
            counts["carried_over", col] += 1
        else:
            continue
        if closed is not None and closed <= dec31:
            if closed < rec:
                raise CaseworkError(f"申请 {r.id} 的办结日期 {closed} 早于收到日期 {rec}，无法统计。", request=r.id)
            counts[r.disposition, col] += 1
        else:
            counts["carried_forward", col] += 1
    return counts


def fill_request_table(report: AnnualReport, counts: Counter) -> None:
    """Write table 三 cells from ``counts`` ((row, column) → n), totals derived."""
    table = report.format.table("三")
    outcome_rows = list(DISPOSITIONS)
    for row in table.printed_rows:
        for col in table.columns:
            if col.id == "total":
                continue
            if row.id == "dispositions_total":
                v = sum(counts[o, col.id] for o in outcome_rows)
            else:
                v = counts[row.id, col.id]
            report.cells["三", row.id, col.id] = _number(v, f"表三 {row.label} / {col.label}")
        total = sum(report.cells["三", row.id, c].value for c in APPLICANT_COLUMNS)
        report.cells["三", row.id, "total"] = _number(total, f"表三 {row.label} / 总计")
    report.tables_found["三"] = Location(source=SOURCE, where="由办件记录统计")


REVIEW_KINDS = REVIEW_KIND_LABELS  # (the format's words; kept under these names for callers)
REVIEW_RESULTS = REVIEW_RESULT_LABELS


@dataclass(frozen=True)
class ReviewCase:
    """A 行政复议 or 行政诉讼 about the agency's disclosure work (one line of its register).

    ``kind`` review | lawsuit_direct | lawsuit_after_review; ``result`` upheld | corrected |
    other_result, or None while pending; ``decided_on`` the date of the decision/judgment.
    """

    id: str
    agency: str
    kind: str
    filed_on: dt.date
    result: str | None = None
    decided_on: dt.date | None = None

    def __post_init__(self):
        if self.kind not in REVIEW_KINDS:
            raise CaseworkError(f"复议/诉讼案件 {self.id} 的类型「{self.kind}」无法识别，应为：{'、'.join(REVIEW_KINDS.values())}。")
        if self.result is not None and self.result not in REVIEW_RESULTS:
            raise CaseworkError(f"复议/诉讼案件 {self.id} 的结果「{self.result}」无法识别，应为：{'、'.join(REVIEW_RESULTS.values())}或留空（尚未审结）。")
        if (self.result is None) != (self.decided_on is None):
            raise CaseworkError(f"复议/诉讼案件 {self.id}：结果与审结日期须同时填写或同时留空。")
        if self.decided_on is not None and self.decided_on < self.filed_on:
            raise CaseworkError(f"复议/诉讼案件 {self.id}：审结日期 {self.decided_on} 早于立案日期 {self.filed_on}。")


def count_reviews(cases: Iterable[ReviewCase], agency: str | None, year: int,
                  scope: str = "filed_in_year") -> Counter:
    """Table 四 counts ``column id → n``.

    ``scope`` (UNCONFIRMED which the format intends; office setting ``review_scope``):
    ``filed_in_year`` — cases filed in the year, with their result if decided by 31 December,
    otherwise 尚未审结; ``active_in_year`` — also cases filed earlier that were decided in the year
    or are still pending.
    """
    if scope not in ("filed_in_year", "active_in_year"):
        raise CaseworkError(f"表四统计口径「{scope}」无法识别，应为 filed_in_year 或 active_in_year。")
    check_year(year)
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    counts: Counter = Counter()
    for c in cases:
        if agency is not None and c.agency != agency:
            continue
        if c.filed_on > dec31:
            continue
        if c.filed_on < jan1:
            if scope == "filed_in_year" or (c.decided_on is not None and c.decided_on < jan1):
                continue
        decided = c.decided_on is not None and c.decided_on <= dec31
        counts[f"{c.kind}_{c.result if decided else 'pending'}"] += 1
    return counts


def fill_review_table(report: AnnualReport, counts: Counter) -> None:
    for gid, path in REVIEW_GROUPS:
        total = 0
        for rid, label in RESULTS[:4]:
            v = counts[f"{gid}_{rid}"]
            total += v
            report.cells["四", "cases", f"{gid}_{rid}"] = _number(v, f"表四 {'/'.join(path)}/{label}")
        report.cells["四", "cases", f"{gid}_total"] = _number(total, f"表四 {'/'.join(path)}/总计")
    report.tables_found["四"] = Location(source=SOURCE, where="由复议、诉讼登记统计")


def annual_report(requests: Iterable[Request], agency: str | None, year: int, *,
                  reviews: Iterable[ReviewCase] | None = None, format_id: str = "2021",
                  settings: OfficeSettings = DEFAULT_SETTINGS) -> AnnualReport:
    """The :class:`~gongkai.report.AnnualReport` of ``agency`` (None: every request given) for
    ``year``, with table 三 counted from ``requests`` and, when a register is given, table 四 from
    ``reviews``.  Table 二 and the narrative sections stay ``missing`` (not casework data).

    Raises CaseworkError for ``format_id`` other than "2021" (the 2019 format's single （六） row
    cannot hold the 2021 dispositions), inconsistent dates, or a ``year`` outside
    :func:`check_year` (before 2008 or beyond 9999).
    """
    check_year(year)
    if format_id != "2021":
        raise CaseworkError(f"办件统计只支持 2021 年格式（国办公开办函〔2021〕30号），不支持「{format_id}」。")
    rep = AnnualReport(source=SOURCE, agency=agency or "", year=year, format_id=format_id, reader="casework",
                       title=f"{agency or ''}{year}年政府信息公开工作年度报告（办件统计）")
    fill_request_table(rep, _request_counts(requests, agency, year))
    if reviews is not None:
        fill_review_table(rep, count_reviews(reviews, agency, year, settings.review_scope))
    else:
        rep.notes.append(ReadingNote("casework-no-review-register", "未提供行政复议、行政诉讼登记，表四未统计。",
                                     Location(source=SOURCE)))
    rep.ensure_all_cells()
    return rep
