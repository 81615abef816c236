"""What evaluators score (E-codes): the contents 条例第五十条 requires beyond the tables, an empty
section 五, and a narrative copied from last year's report.

These are judgements about the text, never about numbers, so they are warnings.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..report import AnnualReport, Location
from ..textutil import lazy_pattern, norm
from ._util import narrative
from .findings import Finding, PassageEvidence
from .registry import rule

#: 条例第五十条（四）: a people's government's report also covers 工作考核、社会评议和责任追究结果
ARTICLE_50_4 = (("工作考核", re.compile(r"考核")), ("社会评议", re.compile(r"评议|评价|满意度")),
                ("责任追究", re.compile(r"责任追究|追究责任|追责|问责")))
_GOVERNMENT = re.compile(r"人民政府$")  # the government itself, not its 办公室/办公厅 or a 局
_NOTHING = re.compile(r"^(?:无|暂无|没有|本年度无|无。?)[。.；;！!]?$")


def _section_text(report: AnnualReport, number: str) -> str:
    s = report.sections.get(number)
    return "".join(s.text.split()) if s else ""  # (white space out: str.split's is re's "\s", a quarter the time)


def _is_government(report: AnnualReport) -> bool:
    agency = norm(report.agency or "")
    return bool(_GOVERNMENT.search(agency)) or bool(re.search(r"人民政府\d{4}年", norm(report.title or "")))


@rule(code="E01", severity="warning", title="人民政府的年报没有写工作考核、社会评议和责任追究结果",
      source="《中华人民共和国政府信息公开条例》第五十条第（四）项",
      formula="机关为“××人民政府” ⇒ 正文提及 考核、评议、责任追究")
def government_article_50_4(report: AnnualReport, ctx):
    """
    作用：
    报告机关是一级人民政府（机关名称以“人民政府”结尾，不含其办公室、办公厅和工作部门）时，检查正文是否写了工作考核、社会评议和责任追究结果情况；缺哪一项列出哪一项。
    通常写在第五部分（存在的主要问题及改进情况）或第六部分。

    为什么：
    《条例》第五十条第（四）项规定：“各级人民政府的政府信息公开工作年度报告还应当包括工作考核、社会评议和责任追究结果情况”。这是年报评估的必查项，漏写属于内容不全。

    示例：
    “某县人民政府2023年政府信息公开工作年度报告”全文没有“考核”“评议”“责任追究”等字样：报“警告”，列出三项。
    “某县人民政府办公室”的年报：不检查。
    """
    if not _is_government(report):
        return
    text = "".join(_section_text(report, n) for n in ("一", "五", "六"))
    if all(pat.search(text) for _, pat in ARTICLE_50_4):
        return  # (all three in the sections: the preamble need not be normalised)
    text += norm(" ".join(p for p, _ in report.preamble))
    missing = [name for name, pat in ARTICLE_50_4 if not pat.search(text)]
    if not missing:
        return
    where = report.sections.get("五") or report.sections.get("六")
    ev = [PassageEvidence(where.number if where else "五", (where.text.strip()[:60] if where else ""),
                          where.location if where else Location(report.source))]
    yield Finding("E01", "warning",
                  f"{report.agency or '本机关'}是人民政府，年报应写明{'、'.join(missing)}结果情况"
                  f"（《条例》第五十条第（四）项），正文中没有找到。",
                  ev, "请在第五或第六部分写明本年度政府信息公开工作考核、社会评议和责任追究的结果（没有的也应说明）。")


@rule(code="E02", severity="warning", title="第五部分“存在的主要问题及改进情况”为空或只写“无”",
      source="《中华人民共和国政府信息公开条例》第五十条第（四）项；年报格式第五部分",
      formula="第五部分 ∉ {空, “无”}")
def problems_section_empty(report: AnnualReport, ctx):
    """
    作用：
    第五部分“存在的主要问题及改进情况”找到了，但没有内容，或只写“无”“暂无”。缺少整个部分时由 C01 报告。

    为什么：
    《条例》第五十条第（四）项要求报告“政府信息公开工作存在的主要问题及改进情况”；评估时只写“无”视为没有报告，通常扣分。

    示例：
    “五、存在的主要问题及改进情况　无。”：报“警告”。
    """
    s = report.sections.get("五")
    if s is None:
        return
    text = _section_text(report, "五")
    if text and not _NOTHING.match(text):
        return
    yield Finding("E02", "warning",
                  f"第五部分“{s.title.strip() or '存在的主要问题及改进情况'}”"
                  + ("没有内容。" if not text else f"只写了“{text}”。"),
                  [PassageEvidence("五", text, s.location)],
                  "请写明本年度工作中存在的主要问题和具体改进措施（评估时只写“无”通常扣分）。")


COPY_SHARE = 0.5  # more than half of the sentences as in last year's report
MIN_SENTENCES = 8
_MASK = lazy_pattern(r"\d+|[零〇一二两三四五六七八九十百千万]+(?=[件条次个项人])")


def _key(text: str) -> str:
    """A sentence with its numbers masked: "2023年收到申请6件" and "2024年收到申请9件" are the same sentence."""
    return _MASK().sub("#", text)


COPY_SECTIONS = ("", "一", "五", "六")


@rule(code="E03", severity="warning", title="跨年：正文一半以上的句子与上一年度年报相同",
      source="国办公开办函〔2021〕30号（内容要“严谨”，不得照搬往年）；common-errors.md E07",
      formula="与上年相同的句子（数字不计）÷ 本年句子数 > 50%")
def copied_from_last_year(report: AnnualReport, ctx):
    """
    作用：
    用 --previous 提供上一年度年报时，比较导语和第一、五、六部分的句子（去掉空格，数字和年份不计）：与上年报告完全相同的句子超过本年句子数的一半时提示，并列出比例和几个例句。
    句子太少（不足 8 句、每句不足 8 个字）的不比较。上一年度报告不是本机关上一年的（Y01）时不比较。

    为什么：
    年报评估把“照搬往年内容”“年年雷同”作为扣分项；第五部分的问题和改进措施年年一样，说明问题没有改进。

    示例：
    2024 年报 20 句中有 14 句与 2023 年报相同（只是年份和数字不同）：报“警告”，“70% 的句子与上一年度年报相同”。
    """
    prev = ctx.previous
    if prev is None or (report.year and prev.year and prev.year != report.year - 1):
        return
    mine = [s for s in narrative(report, COPY_SECTIONS) if len(s.text) >= 8]
    theirs = {_key(s.text) for s in narrative(prev, COPY_SECTIONS) if len(s.text) >= 8}
    if len(mine) < MIN_SENTENCES or not theirs:
        return
    same = [s for s in mine if _key(s.text) in theirs]
    share = len(same) / len(mine)
    if share <= COPY_SHARE:
        return
    name = Path(prev.source).name if prev.source else "上一年度报告"
    by_section = {}
    for s in same:
        by_section[s.section] = by_section.get(s.section, 0) + 1
    parts = "、".join(f"{'导语' if k == '' else '第' + k + '部分'} {v} 句" for k, v in by_section.items())
    yield Finding("E03", "warning",
                  f"正文 {len(mine)} 句中有 {len(same)} 句（{share:.0%}）与上一年度年报（{name}）相同（数字不计）："
                  f"{parts}。",
                  [PassageEvidence(s.section, s.text, s.location) for s in same[:5]],
                  "请按本年度的实际工作重写正文，特别是第五部分的问题和改进措施；沿用的表述请更新为本年度的情况。")
