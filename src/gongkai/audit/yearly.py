"""Year-over-year rules (Y-codes): does the report given as last year's (``--previous``) fit this one?

The year-over-year relations of the spec (R3-5, R2-2, R2-3 → rules R305, R202, R203) stay with the other
relations in :mod:`.arithmetic`; they check the years themselves and stay silent when the years do not follow.
"""

from __future__ import annotations

from pathlib import Path

from ..report import AnnualReport, Location
from ..textutil import norm
from .findings import Finding, PassageEvidence
from .registry import rule


@rule(code="Y01", severity="warning", title="跨年：所给“上一年度报告”不是本机关上一年的报告",
      source="gongkai audit --previous（跨年度核对的前提）", formula="year_{prev} = year − 1，agency_{prev} = agency")
def previous_report_fits(report: AnnualReport, ctx):
    """
    作用：
    用 --previous 提供上一年度年报时，先核对它是否为同一机关、上一年度的报告；年度不衔接时不做跨年度核对，并说明原因。

    为什么：
    拿错年度或拿错机关的报告做比较，跨年度核对的结论就没有意义，而且这种差错往往不易察觉。

    示例：
    审核 2024 年报时 --previous 给的是 2021 年报：报“警告”，不做 R305、R202、R203 核对。
    """
    prev = ctx.previous
    if prev is None:
        return
    name = Path(prev.source).name if prev.source else "上一年度报告"
    ev = [PassageEvidence("", prev.title or name, Location(prev.source))]
    if report.year and prev.year and prev.year != report.year - 1:
        yield Finding("Y01", "warning",
                      f"所给的上一年度报告（{name}）是 {prev.year} 年的，而本报告是 {report.year} 年的，"
                      f"年度不衔接，未做跨年度核对。", ev, f"请用 --previous 提供 {report.year - 1} 年的年报。")
    elif not (report.year and prev.year):
        yield Finding("Y01", "warning", f"无法确认所给的上一年度报告（{name}）的年度，跨年度核对的结论仅供参考。",
                      ev, "请确认两份报告的标题中写明了年度。")
    a, b = _agency_key(report.agency), _agency_key(prev.agency)
    if a and b and a != b and a not in b and b not in a:
        yield Finding("Y01", "warning",
                      f"所给的上一年度报告是「{prev.agency}」的，本报告是「{report.agency}」的，两者不是同一机关。",
                      ev, "请提供本机关上一年度的年报。")


def _agency_key(name: str) -> str:
    return norm(name or "").replace("人民政府", "").replace("办公室", "")
