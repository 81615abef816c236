"""Cross-checks (X-codes): a table against a section it implies (X01), the stated reporting period against
the report's year (X02).  Spec names: annual-report-format-2021.md §8 X-1, X-2.
"""

from __future__ import annotations

import re

from ..report import AnnualReport
from ._util import evaluate, fmt_value, narrative
from .findings import Finding, PassageEvidence
from .formatting import report_year
from .registry import rule


@rule(code="X01", severity="warning", title="有申请因逾期未缴费而终止，第六部分却未提信息处理费",
      source="annual-report-format-2021.md §7、§8 X-1；国办函〔2020〕109号",
      formula="表三（六）2 总计 > 0 ⇒ 第六部分提及“信息处理费”")
def fee_lapse_mentions_fee(report: AnnualReport, ctx):
    """
    作用：
    表三“（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”总计大于 0，说明本年度发出过收费通知；此时第六部分应说明信息处理费的收取情况。

    为什么：
    第六部分通常报告按国办函〔2020〕109号收取信息处理费的情况；有收费通知而不作说明，读者无法了解收费情况。格式对此没有明文规定，所以只报“警告”。

    示例：
    表三（六）2 总计为 2，第六部分只写“无其他需要报告的事项”：报“警告”。
    """
    if "三" not in report.tables_found:
        return
    table = report.table("三")
    try:
        row = table.row("other_fee_not_paid")
    except KeyError:
        return
    col = table.column("total")
    term = evaluate(report, table, row, col)
    if term.status != "number" or not term.value:
        return
    six = report.sections.get("六")
    if six and "处理费" in (six.title + six.text).replace(" ", ""):
        return
    quote = six.text.strip()[:60] if six else ""
    evidence = ([PassageEvidence("六", quote, six.location)] if six else []) + term.evidence
    yield Finding("X01", "warning",
                  f"表三「（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用…」总计为 {fmt_value(term.value)}，"
                  f"说明本年度发出过收费通知，但第六部分{'没有提到信息处理费' if six else '缺失'}。",
                  evidence, "请在第六部分说明本年度信息处理费的收取情况（收费件数、金额，或未收取）。")


_PERIOD = re.compile(
    r"统计(?:期限|时限|期间|时间|区间|范围|周期)[^。；\d]{0,8}?((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日(?:起)?"
    r"(?:至|到|—|－|-|~|～)(?:((?:19|20)\d{2})年)?(\d{1,2})月(\d{1,2})日")


@rule(code="X02", severity="warning", title="统计期限不是报告年度的 1 月 1 日至 12 月 31 日",
      source="条例第四十九条（报告“上一年度”工作）；annual-report-format-2021.md §8 X-2",
      formula="统计期限 = 报告年度1月1日 至 报告年度12月31日")
def reporting_period(report: AnnualReport, ctx):
    """
    作用：
    在导语和第一部分中查找“统计期限为××××年×月×日至××××年×月×日”一类句子，核对它是否正好是报告年度的 1 月 1 日至 12 月 31 日。没有写统计期限的不报告。

    为什么：
    年度报告报告的是一个完整的自然年度；统计期限写错（如照抄上年年份、写成 11 月 30 日）会使数字口径不清。

    示例：
    2024 年度年报写“统计期限为2023年1月1日至2023年12月31日”：报“警告”。
    """
    year = report_year(report)
    for s in narrative(report, ("", "一")):
        m = _PERIOD.search(s.text)
        if not m:
            continue
        y1, mo1, d1 = int(m.group(1)), int(m.group(2)), int(m.group(3))
        y2 = int(m.group(4)) if m.group(4) else y1
        mo2, d2 = int(m.group(5)), int(m.group(6))
        expected = year or y1
        if (y1, mo1, d1, y2, mo2, d2) == (expected, 1, 1, expected, 12, 31):
            continue
        where = "正文第一部分" if s.section == "一" else "导语"
        yield Finding("X02", "warning",
                      f"{where}写明统计期限为{y1}年{mo1}月{d1}日至{y2}年{mo2}月{d2}日，"
                      f"不是{expected}年1月1日至{expected}年12月31日。",
                      [PassageEvidence(s.section, s.text, s.location)],
                      f"请把统计期限改为{expected}年1月1日至{expected}年12月31日，并核对表中数字的统计口径。")
