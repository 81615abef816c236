"""Reading notes (P-codes): what the reader noticed becomes a finding of the same code.

Readers put :class:`~gongkai.report.ReadingNote` objects into ``report.notes``; each
known code has one rule here.  A note with a code no rule knows is still reported, as a
warning carrying the note's own code (rule ``P00``): a note is never dropped.

The readers' newer notes (P11 onwards) say what the reader did with a document that is not laid out as the
format prints it; each such note becomes one finding, with the rows or passages it concerns.  Like every rule,
these never read files and never guess: the note already says what was read and how.
"""

from __future__ import annotations

import re

from ..report import AnnualReport, Location, ReadingNote
from ._util import per_audit
from .findings import CellEvidence, Finding, PassageEvidence, shorten
from .registry import RULES, rule

NOTE_CODES = ("P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09", "P11", "P12", "P13", "P14", "P15", "P16",
              "P17", "P18", "P19", "P20")  # P10: P01 notes with no_fit


def _first_row(d: dict) -> str:
    """How the first of the rows counted together is named: its label, or for a row without one its numbers."""
    if d.get("label"):
        return f"「{shorten(d['label'])}」"
    return f"无标签、数字为“{_values((d.get('values') or [])[:8])}”的"


def _table_number(report: AnnualReport, key) -> str:
    key = str(key or "")
    try:
        return report.format.table(key).number
    except KeyError:
        return key


def _values(values) -> str:
    if not values:
        return "无"
    return " / ".join("空白" if v in ("", None) else shorten(v) for v in values)


def _notes(report: AnnualReport, code: str):
    """The report's notes of ``code``, in order (grouped by code once per audit; callers must not change it)."""
    return per_audit("notes", report, None, lambda: _by_code(report.notes)).get(code, [])


def _by_code(notes) -> dict:
    out = {}
    for n in notes:
        out.setdefault(n.code, []).append(n)
    return out


def _row_evidence(report, note: ReadingNote, label_key="row_label", value="") -> CellEvidence:
    return CellEvidence(_table_number(report, note.data.get("table")), str(note.data.get(label_key, "") or ""), "",
                        value, note.location)


def _say(note: ReadingNote, text: str) -> str:
    return text if text else note.message


@rule(code="P01", severity="warning", title="一行数字无法确定每格的数字（连在一起或有空白单元格）",
      source="读取（文字版网页常把一行数字连在一起；按空格对齐的文字不显示空白单元格）")
def glued_ambiguous(report: AnnualReport, ctx):
    """
    作用：
    从网页复制的文字版常把一行数字连成一串（如“10203120001200000”）。读取程序按勾稽关系尝试所有拆分方法，仍有多种（或没有一种）符合时，列出可能的拆分，请人工确认。
    按空格对齐的文字（pdftotext -layout 的输出、手工对齐的文字）里，空白单元格什么也不印：一行的数字比格数少时，按每个数字所在的字符位置对应到列；某个数字不在任何一列的位置上、与两列都对得上，或行标签长到把数字挤开时，这一行不采用，说明是第几行、哪个数字、为什么。
    表二的收费金额以万元为单位：单元格印为元（“796000 元”）而列标题写“单位：万元”时，两处单位不一致，无法确定是 79.6 万元还是 796000 万元；以元（或列标题所写的单位）为单位的金额换算成万元不是整分时，单位可能有误：这两种情况都不采用，说明原文和单位。

    为什么：
    拆错一位数字就会得出完全不同的统计结果；不能替报告机关猜。

    示例：
    表四一行印为“10203120001200000”，可拆为“1/0/2/0/3 …”或“1/0/2/0/3/12 …”：报“警告”。
    """
    for n in _notes(report, "P01"):
        d = n.data
        if certain_no_fit(d):
            continue  # no split at all makes the row consistent: an 错误, rule P10
        t = _table_number(report, d.get("table"))
        cands = d.get("candidates") or []
        count = max(int(d.get("count") or 0), len(cands))
        listing = "；".join(f"（{i + 1}）{_values(c)}" for i, c in enumerate(cands[:5]))
        more = f"等 {count} 种" if count > 5 else ""
        label = d.get("row_label") or ""
        where = f"表{t}「{label}」行" if label else f"表{t}"
        raw = shorten(d.get("raw", ""))
        if d.get("unit"):  # an amount whose unit is in doubt (「796000 元」 under 「（单位：万元）」): the reader says why
            yield Finding("P01", "warning", f"{n.message}。", [_row_evidence(report, n, value=str(d.get("raw", "")))],
                          "请对照原件确认这一金额的单位（本栏以万元为单位）。")
            continue
        if d.get("cut_by_page"):
            yield Finding("P01", "warning",
                          f"{where}有 {d.get('cells')} 格的数字在窄单元格内折行、又被 PDF 分页截断（“{raw}”，“⏎”处分页），"
                          f"上下两部分不能确定是同一个数，未予采用。",
                          [_row_evidence(report, n, value=str(d.get("raw", "")))],
                          "请对照原件（Word 版）确认这几格的数字。")
            continue
        if d.get("unprinted"):
            msg = (f"{where}（第{d.get('line')}行）只印出前面的格（“{raw}”），{d.get('unprinted')}的 {d.get('cells')} 格"
                   f"没有印出（可能是空白单元格，也可能缺了数据），这几格未予采用。")
            yield Finding("P01", "warning", msg, [_row_evidence(report, n, value=str(d.get("raw", "")))],
                          "请对照原件确认这几格是空白还是漏印。")
            continue
        if d.get("position"):
            msg = (f"{where}（第{d.get('line')}行）只印出“{raw}”，比这一行的 {d.get('cells')} 格少（有单元格空白，"
                   f"空白不占位置）；{d.get('why')}，无法确定每个数字属于哪一格，未予采用。")
            yield Finding("P01", "warning", msg, [_row_evidence(report, n, value=str(d.get("raw", "")))],
                          "请对照原件（PDF 或 Word 版）确认这一行每一格的数字。")
            continue
        if d.get("unplaced"):
            msg = (f"{where}只印出 {len(str(d.get('raw', '')).split())} 个数字（“{raw}”），比这一行的 {d.get('cells')} 格少"
                   f"（有单元格空白，空白不占位置），表格没有画出单元格，无法从版面确定每个数字属于哪一格，未予采用。")
        elif d.get("too_many"):
            msg = f"{where}的数字连在一起印为“{raw}”，可能的拆分过多，无法判断每格的数字。"
        elif d.get("partial"):
            msg = (f"{where}一格一行，只读到 {len(str(d.get('raw', '')).split())} 个数字（“{raw}”），比这一行的 "
                   f"{d.get('cells')} 格少（空白单元格不占一行），无法确定哪几格空白、每个数字属于哪一格，未予采用。")
        elif d.get("no_fit") and _too_few_digits(d):
            msg = (f"{where}只读到“{raw}”，比这一行的 {d.get('cells')} 格还少（其余数字可能印在别处，"
                   f"如一格一行的文字，或单元格空白），无法确定每个数字属于哪一格，未予采用。")
        elif d.get("no_fit"):
            msg = (f"{where}印为“{raw}”，数字比格数少，没有一种拆分符合勾稽关系；数字之间有空格，"
                   f"很可能有单元格空白（空白不是 0），无法确定每个数字属于哪一格。")
        elif d.get("blank_readings") or d.get("blank_too_many"):
            # the split without blank cells fits, but a blank cell leaves no trace in glued digits
            blanks = d.get("blank_readings") or []
            alt = f"，如 {_values(min(blanks, key=lambda c: c.count('')))}" if blanks else "（多到无法逐一检查）"
            kept = f"各种读法都相同的格（{'、'.join(d['certain'])}）已采用，其余" if d.get("certain") else ""
            if not cands or "" in cands[0]:
                msg = (f"{where}的数字连在一起印为“{raw}”，不含空白单元格的拆分都不符合勾稽关系，但连在一起的数字"
                       f"显示不出空白单元格，含空白单元格的读法符合{alt}；无法确定每格的数字，也不能断定有错。")
            else:
                msg = (f"{where}的数字连在一起印为“{raw}”，不含空白单元格的拆分 {_values(cands[0])} "
                       f"符合勾稽关系，但连在一起的数字显示不出空白单元格，含空白单元格的读法同样符合{alt}；"
                       f"{kept}无法确定每格的数字。")
        elif cands and d.get("constrained") is False:
            msg = (f"{where}的数字连在一起印为“{raw}”，这一行没有可用于核对的勾稽关系，无法确定每格的数字；"
                   f"可能的拆分有：{listing}{more}。")
        elif cands:
            msg = f"{where}的数字连在一起印为“{raw}”，有多种拆分都符合勾稽关系：{listing}{more}。"
        else:
            msg = f"{where}的数字连在一起印为“{raw}”，没有一种拆分符合勾稽关系。"
        yield Finding("P01", "warning", msg, [_row_evidence(report, n, value=str(d.get("raw", "")))],
                      "请对照原件（PDF 或 Word 版）确认这一行每一格的数字；发布网页版时请保留表格格式。")


def _too_few_digits(data: dict) -> bool:
    """Fewer digits than the row has cells: not a row's cells glued together (each printed cell has a digit)
    but a row printed in part — its other values stand elsewhere (one cell per line) or are blank."""
    cells = data.get("cells")
    return isinstance(cells, int) and sum(ch.isdigit() for ch in str(data.get("raw", ""))) < cells


def certain_no_fit(data: dict) -> bool:
    """No split fits, and the run is one unbroken string of digits (flattened web text prints every cell).
    With spaces inside (space-aligned text that drops blank cells) a blank cell could explain it: P01; so
    can too few digits for the row's cells (the row is printed in part)."""
    return (bool(data.get("no_fit")) and len(str(data.get("raw", "")).split()) == 1 and not _too_few_digits(data)
            and not data.get("partial") and not _loose_comma(str(data.get("raw", ""))))


def _loose_comma(raw: str) -> bool:
    """A comma in the run that is no thousands separator (not between a digit and three digits: "1,2,3"): the
    cells may be separated by commas, which the split search does not read — no proof that the row is wrong."""
    return bool(re.search(r"[,，](?![0-9０-９]{3})|(?<![0-9０-９])[,，]", raw))


@rule(code="P10", severity="error", title="连在一起的一行数字无论怎样拆分都不符合勾稽关系",
      source="读取（文字版网页常把一行数字连在一起）；年报格式的勾稽关系")
def glued_no_fit(report: AnnualReport, ctx):
    """
    作用：
    一行数字连成一串、中间没有空格（网页文字版把表格压平），读取程序试过把它拆成本行各格的全部方法，没有一种能使本行的勾稽关系（如“总计=各类申请人之和”“总计=四项结果之和”）成立。
    这时不论原件每格是什么，印出的这串数字本身就有错，报“错误”，并原样引用印出的数字。
    数字之间有空格、个数又比格数少时（按空格对齐的文字，空白单元格不占位置），可能是有格空白，不能确定有错，仍由 P01 报“警告”。
    数字串太长、拆分方法多到无法逐一尝试时，按其他各行印出的数字和列关系（如“新收+上年结转=办理结果总计+结转下年度”）求出这一行每格最大可能的数，各格位数之和仍少于印出的位数时，也报“错误”（说明共几位、最多能容纳几位）；求不出上限时仍由 P01 报“警告”。

    为什么：
    有多种拆分时不能替报告机关猜（P01，警告）；一种也没有时，就可以确定数字有误，不必等人工核对才下结论。

    示例：
    表四一行印为“1000000000000009”（行政复议、两类行政诉讼各五格）：任何拆分都不能使三组“总计=四项结果之和”同时成立，报“错误”。
    """
    for n in _notes(report, "P01"):
        d = n.data
        if not certain_no_fit(d):
            continue
        t = _table_number(report, d.get("table"))
        label = d.get("row_label") or ""
        where = f"表{t}「{label}」行" if label else f"表{t}"
        raw = str(d.get("raw", ""))
        bound = d.get("digit_bound")
        quoted = shorten(raw)
        if isinstance(bound, int) and not isinstance(bound, bool):
            digits = len("".join(raw.split()))
            msg = (f"{where}的数字连在一起印为“{quoted}”，共 {digits} 位数字；按其他各行印出的数字和勾稽关系，"
                   f"这一行各格合计最多只能有 {bound} 位数字，无论怎样拆分勾稽关系都不成立："
                   f"印出的数字有误（这一行或相关行至少有一格填错、多印或漏印）。")
        else:
            msg = (f"{where}的数字连在一起印为“{quoted}”，无论怎样拆分成各格，这一行的勾稽关系都不成立："
                   f"印出的数字本身有误（至少有一格填错或漏印）。")
        yield Finding("P10", "error", msg,
                      [_row_evidence(report, n, value=raw)],
                      "请对照办理台账改正这一行的数字；发布网页版时请保留表格格式，使每格数字分开。")


@rule(code="P02", severity="notice", title="连在一起的一行数字已按勾稽关系拆分", source="读取（文字版网页常把一行数字连在一起）")
def glued_inferred(report: AnnualReport, ctx):
    """
    作用：
    一行数字连在一起，但只有一种拆分符合勾稽关系，读取程序据此拆分；提示拆分结果，供人核对。

    为什么：
    推断出的数字虽然唯一符合勾稽关系，仍可能与原件不同（例如原件本身有错）。

    示例：
    表三“一、本年新收政府信息公开申请数量”印为“640020470”，拆为 64/0/0/2/0/4/70：报“提示”。
    """
    for n in _notes(report, "P02"):
        d = n.data
        t = _table_number(report, d.get("table"))
        rows = d.get("rows") or [d]  # one note per table ({"rows": [...]}) or per row
        parts, evidence = [], []
        for r in rows:
            label = r.get("row_label") or ""
            parts.append(f"{'「' + label + '」' if label else ''}“{shorten(r.get('raw', ''))}”拆为 {_values(r.get('values'))}")
            loc = Location(n.location.source, r["line"]) if r.get("line") else n.location
            evidence.append(CellEvidence(t, label, "", str(r.get("raw", "")), loc))
        shown = "；".join(parts[:3]) + (f"等 {len(parts)} 行" if len(parts) > 3 else "")
        yield Finding("P02", "notice",
                      f"表{t}有 {len(rows)} 行数字连在一起，已按勾稽关系唯一拆分：{shown}。",
                      evidence, "请对照原件确认拆分结果；发布网页版时请保留表格格式。")


@rule(code="P03", severity="warning", title="表格中有格式没有的行", source="年报格式（E05 表格被改动）")
def extra_row(report: AnnualReport, ctx):
    """
    作用：
    表格中出现了格式没有的行（例如“法人或其他组织小计”“（三）不予公开 小计”以外的自加行）。该行的数字不参与统计。

    为什么：
    年报应使用统一格式；自加行会让读者和汇总程序误读。

    示例：
    表三多出一行“（八）其他”：报“警告”。一个表格中这样的行（含 P07 的无标签行）超过 20 行时，前 20 行逐行报，
    其余合为一条，写明行数和第一行的位置。
    """
    for n in _notes(report, "P03"):
        d = n.data
        t = _table_number(report, d.get("table"))
        if d.get("count"):  # the rows past the first ones of a table of thousands of rows, in one finding
            yield Finding("P03", "warning", f"表{t}另有 {d['count']} 行不是格式规定的行或无法对应到格式的行"
                                            f"（从{_first_row(d)}一行起），未逐一列出，也未计入统计。",
                          [_row_evidence(report, n, label_key="label", value=_values(d.get("values")))],
                          "请删去这些行，或把数字归入格式规定的行。")
            continue
        if d.get("between"):  # numbers between two rows' labels, either row's: neither row takes them
            a, b = d["between"][:2]
            yield Finding("P03", "warning",
                          f"表{t}中有一行数字（{_values(d.get('values'))}）印在「{shorten(a)}」与「{shorten(b)}」"
                          f"两行标签之间（或两行标签印在一起），不能确定属于哪一行，未计入统计。",
                          [_row_evidence(report, n, label_key="label", value=_values(d.get("values")))],
                          "请对照原件核对这两行，并把表格改为每行标签与数字印在同一行的规范表格。")
            continue
        yield Finding("P03", "warning",
                      f"表{t}印有格式中没有的「{shorten(d.get('label', ''))}」行（数字：{_values(d.get('values'))}），未计入统计。",
                      [_row_evidence(report, n, label_key="label", value=_values(d.get("values")))],
                      "请删去该行，或把数字归入格式规定的行。")


@rule(code="P04", severity="warning", title="表格中有格式没有的列（多出的非空单元格）", source="年报格式（E05 表格被改动）")
def extra_cells(report: AnnualReport, ctx):
    """
    作用：
    某行在格式规定的列之外还有非空单元格（例如多了“法人或其他组织”小计列）。多出的数字不参与统计。

    为什么：
    格式没有“法人或其他组织”小计列；多列会让数字对错位置。

    示例：
    表三“一、本年新收…”行有 8 个数字（多 1 个）：报“警告”。
    """
    for n in _notes(report, "P04"):
        d = n.data
        t = _table_number(report, d.get("table"))
        rows = d.get("rows") or [{"row_label": d.get("row_label", ""), "cells": d.get("cells") or []}]
        columns = d.get("columns") or []
        named = f"「{'、'.join(columns)}」列" if columns else "多出的单元格"
        if len(rows) == 1:
            label = rows[0].get("row_label") or ""
            where = f"表{t}「{label}」行" if label else f"表{t}"
            msg = f"{where}在格式规定的列之外还有非空单元格（{named}）：{_values(rows[0].get('cells'))}。"
        else:
            msg = (f"表{t}有 {len(rows)} 行在格式规定的列之外还有非空单元格（{named}），"
                   f"如「{rows[0].get('row_label', '')}」：{_values(rows[0].get('cells'))}。")
        evidence = [CellEvidence(t, str(r.get("row_label") or ""), "", _values(r.get("cells")),
                                 Location(n.location.source, r["line"]) if r.get("line") else n.location)
                    for r in rows]
        yield Finding("P04", "warning", msg, evidence,
                      "请删去多出的列（格式没有“法人或其他组织”小计列），核对数字是否对齐。")


@rule(code="P05", severity="warning", title="行或列的标签与格式不一致", source="年报格式各表的行列标签（E05）")
def altered_label(report: AnnualReport, ctx):
    """
    作用：
    表格中某行或某列的文字与格式规定的标签不同（已忽略空格和全角半角差异），读取程序仍按位置或相似度对应。

    为什么：
    标签被改动或有错别字，说明使用的不是标准模板，也可能对错行。

    示例：
    表三印“2.其他法律行政止公开”，格式为“2.其他法律行政法规禁止公开”：报“警告”。
    """
    for n in _notes(report, "P05"):
        d = n.data
        t = _table_number(report, d.get("table"))
        if d.get("printed"):
            msg = f"表{t}印的「{shorten(d.get('printed', ''))}」与格式规定的「{d.get('official', '')}」不一致。"
        else:
            msg = f"表{t}中没有找到格式规定的「{d.get('official', '')}」。"
        yield Finding("P05", "warning", msg,
                      [CellEvidence(t, str(d.get("official", "") or ""), "", str(d.get("printed", "") or ""),
                                    n.location)],
                      f"请把标签改为格式规定的「{d.get('official', '')}」。")


@rule(code="P06", severity="warning", title="只印了小计，没有按格式分项", source="年报格式表三（（六）其他处理分 1—3 项，E01/E05）")
def subtotal_instead_of_items(report: AnnualReport, ctx):
    """
    作用：
    表格只印了某组的小计（如只有一行“（六）其他处理”），没有格式规定的分项（1.逾期不补正、2.逾期未缴费、3.其他）。小计参与（七）总计的核对，但分项无法得知。

    为什么：
    2021 年格式把“（六）其他处理”分为三项；只有一行是 2019 年试行格式的写法。

    示例：
    2024 年度年报表三只有一行“（六）其他处理 1”：报“警告”。
    """
    for n in _notes(report, "P06"):
        d = n.data
        t = _table_number(report, d.get("table"))
        leaves = "、".join(f"「{x}」" for x in d.get("leaves") or [])
        printed = ""
        try:
            table = report.table(t)
            row = next(r for r in table.rows if r.label == d.get("group_label"))
            printed = " ".join(report.cell(t, row.id, c.id).display() or "空白" for c in table.columns_of(row))
        except (KeyError, StopIteration):
            pass
        yield Finding("P06", "warning",
                      f"表{t}只印了「{d.get('group_label', '')}」的小计，没有按格式分列{leaves or '各分项'}。",
                      [CellEvidence(t, str(d.get("group_label", "") or ""), "", printed, n.location)],
                      "请按2021年格式分项填写。")


@rule(code="P07", severity="warning", title="有一行数字无法对应到格式的任何一行", source="读取结果")
def unmatched_row(report: AnnualReport, ctx):
    """
    作用：
    读到一行数字，但它的标签与格式的任何一行都对不上。这些数字没有参与统计和核对。

    为什么：
    可能是标签严重走样、漏印，也可能是读取错误；需要人工确认数字属于哪一行。

    示例：
    表三有一行标签为“申请情况”、数字为 3/0/0/0/0/0/3：报“警告”。
    """
    for n in _notes(report, "P07"):
        d = n.data
        t = _table_number(report, d.get("table"))
        yield Finding("P07", "warning",
                      f"表{t}中「{shorten(d.get('label', ''))}」一行（数字：{_values(d.get('values'))}）无法对应到格式的任何一行，"
                      f"未参与统计。",
                      [_row_evidence(report, n, label_key="label", value=_values(d.get("values")))],
                      "请核对该行的标签，使其与格式规定的行一致。")


@rule(code="P08", severity="error", title="找到了表格但读不出数字", source="读取结果")
def unreadable_table(report: AnnualReport, ctx):
    """
    作用：
    在文件中找到了某张表的位置（表头或标题），却没有读出任何数字，例如表格是图片，或内容被打乱。

    为什么：
    读不出数字就无法审核这张表；年报中的统计表应当是可以复制的文字。

    示例：
    表三以截图形式插入：报“错误”。
    """
    for n in _notes(report, "P08"):
        t = _table_number(report, n.data.get("table"))
        yield Finding("P08", "error", f"找到了表{t}，但没有读出任何数字（可能是图片或格式被打乱）。",
                      [PassageEvidence(t if t in ("二", "三", "四") else "", "", n.location or Location())],
                      f"请提供表{t}的文字版（可复制的表格），或人工录入。")


@rule(code="P09", severity="warning", title="文件中还有第二份表格或报告，只读取了第一份", source="读取结果")
def second_copy(report: AnnualReport, ctx):
    """
    作用：
    在第五、六部分中又出现了表三的行（“一、本年新收政府信息公开申请数量”及数字）或又一份报告的开头（“一、总体情况”）。只读取并审核了第一份。

    为什么：
    两份报告或更正后的表格被贴进同一文件时，审核第一份得出的“没有问题”不代表第二份；两份数字也可能不同。

    示例：
    报告末尾又附了一份表三，数字与正文中的表三不同：报“警告”，请拆成两个文件分别审核。
    """
    for n in _notes(report, "P09"):
        d = n.data
        yield Finding("P09", "warning",
                      f"第{d.get('section', '')}部分中又出现了{d.get('what', '表格')}的内容"
                      f"（“{shorten(d.get('text', ''))}”），只读取并审核了文件中的第一份。",
                      [PassageEvidence(str(d.get("section", "")), str(d.get("text", "")), n.location)],
                      "若文件中有两份报告或两份表格，请拆成两个文件分别审核；若后一份是更正，请以更正后的表格替换原表。")


@rule(code="P00", severity="warning", title="其他读取提示（读取程序给出的未知编号）", source="读取结果",
      emits_note_code=True)
def unknown_notes(report: AnnualReport, ctx):
    """
    作用：
    读取程序给出了审核程序不认识编号的提示时，原样报告为“警告”，编号保持读取程序给出的编号。

    为什么：
    读取中发现的问题一条也不能丢。

    示例：
    读取提示编号为“P99”：报“警告”，编号 P99。
    """
    known = {code for code in NOTE_CODES if code in RULES}
    for n in report.notes:
        if n.code in known:
            continue
        yield Finding(n.code or "P00", "warning", shorten(n.message, 300, 20) if n.message else f"读取提示（{n.code}）",
                      [PassageEvidence("", str(n.data) if n.data else "", n.location)],
                      "请对照原件核对该处。")


# ---------------------------------------------------------------- newer notes (P11 onwards)
@rule(code="P12", severity="notice", title="行标签印在表格行之外，已按表格的行序对应",
      source="读取（由 PDF 转换的 Markdown、文字：行标签单独成行）")
def rows_by_order(report: AnnualReport, ctx):
    """
    作用：
    由 PDF 转换来的 Markdown 或文字中，一些表格行只有数字，行标签单独印在表格之外（表格上方或下方的文字行）。
    这些行夹在两个凭标签认出的行之间、每行的格数与格式一致，且行数恰好等于格式在这两行之间的行数时，按表格的
    行序对应；条件不全满足时不对应，单元格留空并提示（P07）。列出按行序对应的各行，供人核对。

    为什么：
    行序对应不是凭标签认出的，原件若漏印或多印一行，对应就会错位；请对照原件确认。

    示例：
    表三“1.属于国家秘密”与“3.危及‘三安全一稳定’”两行之间有一行没有标签的数字“0 0 0 0 0 0 0”，其标签
    “2.其他法律行政法规禁止公开”印在表格上方：按行序读为第 2 项，报“提示”。
    """
    for n in _notes(report, "P12"):
        d = n.data
        t = str(d.get("table", ""))
        rows = d.get("rows") or []
        evidence = [CellEvidence(t, str(r.get("row_label", "")), "", " / ".join(r.get("values") or []),
                                 Location(n.location.source, r["line"]) if r.get("line") else n.location)
                    for r in rows]
        shown = "；".join(f"「{r.get('row_label', '')}」{' / '.join(r.get('values') or [])}" for r in rows[:3])
        more = f" 等 {len(rows)} 行" if len(rows) > 3 else ""
        yield Finding("P12", "notice",
                      f"表{t}有 {len(rows)} 行只印了数字、行标签印在表格行之外，已按表格的行序对应：{shown}{more}。",
                      evidence or [CellEvidence(t, "", "", "", n.location)],
                      "请对照原件确认这些行的数字；制作网页或 Markdown 版时请让行标签与数字在同一行。")


@rule(code="P11", severity="warning", title="文档中还有未接受的修订（Word 修订模式）",
      source="读取（DOCX 的 w:ins / w:del 修订标记）")
def unaccepted_revisions(report: AnnualReport, ctx):
    """
    作用：
    Word 文档中还留有未接受（也未拒绝）的修订：插入（w:ins）、删除（w:del）或移动。读取时按“全部接受”后的文字
    读取（插入的文字保留，删除的文字和被删除的表格行去掉），并说明还有多少处修订。

    为什么：
    带修订的文档不是定稿：发布的版本可能显示修订痕迹，也可能是拒绝修订后的文字，数字会与审核结果不同。

    示例：
    表三一个单元格把“5”删去、插入“6”，修订未接受：读为 6，报“警告”，说明插入 1 处、删除 1 处。
    """
    for n in _notes(report, "P11"):
        ins, dels = n.data.get("insertions", 0), n.data.get("deletions", 0)
        yield Finding("P11", "warning",
                      f"文档中还有未接受的修订：插入 {ins} 处、删除 {dels} 处。已按全部接受修订后的文字读取和审核。",
                      [PassageEvidence("", f"插入 {ins} 处、删除 {dels} 处", n.location)],
                      "请在 Word 中“审阅 → 接受所有修订”（或逐条处理）后定稿，再发布和审核。")


@rule(code="P13", severity="warning", title="表格中的公式没有保存计算结果", source="读取（XLSX 公式单元格）")
def uncomputed_formulas(report: AnnualReport, ctx):
    """
    作用：
    XLSX 表格中的公式单元格（如合计列“=SUM(D33:I33)”）没有保存计算结果：用不计算公式的程序生成或导出的表格常常如此。
    公式只用数字、本表格的单元格和区域、加减乘、括号和 SUM 时，读取程序按公式算出其值（与 Excel 打开时显示的相同），
    单元格的位置注明“公式算出”；其他公式（别的函数、除法、引用文字、循环引用、过大的区域）读作“公式未计算”，
    不当作空白，也不当作印错的内容（C04、C05 不报），它们参与的勾稽关系不作判断。

    为什么：
    公式的结果要在 Excel 或 WPS 中打开时才算出，文件中没有；发布的表格应当保存数值，读者看到的才确定。
    只计算结果确定的简单公式，不猜测其他公式的结果。

    示例：
    表三“总计”列 26 个单元格都是“=SUM(B5:G5)”这样没有保存结果的公式：按公式算出后读取，报“警告”，说明共几格、
    第一格的位置；一格是“=AVERAGE(B5:G5)”：读作“公式未计算”，说明该格的位置和公式。
    工作簿声明打开时要全部重新计算（workbook.xml 中 <calcPr fullCalcOnLoad="1"/>，如 xlsxwriter 写出的表格）时，
    其中保存的结果只是占位（常为 0），不是 Excel 显示的数：这些公式同样按公式算出或读作“公式未计算”，不读保存的结果。
    """
    for n in _notes(report, "P13"):
        count = n.data.get("count", 0)
        cells = n.data.get("cells") or []
        computed = n.data.get("computed", 0)
        computed_cells = n.data.get("computed_cells") or []
        parts = []
        if computed:
            shown = "、".join(computed_cells[:3]) + (" 等" if computed > 3 else "")
            parts.append(f"{computed} 个已按公式算出其值读取（{shown}）")
        if count:
            shown = "、".join(cells[:3]) + (" 等" if count > 3 else "")
            parts.append(f"{count} 个单元格无法按公式计算（{shown}），读作“公式未计算”，这些单元格参与的勾稽关系未作核对")
        total = count + computed
        quoted = "、".join((cells[:1] if count else []) + (computed_cells[:1] if computed else []))
        what = ("公式，工作簿要求打开时全部重新计算（其中保存的结果不是 Excel 显示的数，不读取）" if n.data.get("stale")
                else "没有保存计算结果的公式")
        yield Finding("P13", "warning",
                      f"表格中有 {total} 个单元格是{what}：{'；'.join(parts)}。",
                      [PassageEvidence("", quoted, n.location)],
                      "请在 Excel 或 WPS 中打开表格、重新计算并保存后再审核，或发布时把公式转为数值。")


@rule(code="P16", severity="warning", title="PDF 中的表格超出页面，被截去一部分的数字未读取",
      source="读取（浏览器把比纸宽的表格打印成 PDF：超出页面的部分不印出）")
def clipped_numbers(report: AnnualReport, ctx):
    """
    作用：
    浏览器把比纸宽的表格打印成 PDF 时，超出页面的列不印出，压在页面边缘的数字只印出前几位（“134”印成“13”）。
    读取程序从 PDF 的裁剪区域看出哪些数字被截去了一部分，这些数字不读取，说明共几处、在第几页。

    为什么：
    被截去一部分的数字是另一个数字，读进来就是错的；完全超出页面的列则根本不在文件中（C03 报缺少的列）。

    示例：
    表四最后几列超出页面，“复议后起诉”的“总计”只印出“13”：不读取，报“警告”，说明第 9 页有 1 处。
    """
    for n in _notes(report, "P16"):
        items = n.data.get("items") or []
        count = n.data.get("count", len(items))
        shown = "、".join(f"第{x.get('page')}页“{x.get('text')}”" for x in items[:3]) + (" 等" if count > 3 else "")
        yield Finding("P16", "warning",
                      f"PDF 中有 {count} 个数字压在页面边缘、被截去了一部分（{shown}），未读取：表格比纸宽，超出页面的部分没有印出。",
                      [PassageEvidence("", shown, n.location)],
                      "请提供未截断的版本（Word 版，或打印时选择“缩放到页面宽度”、横向打印），再审核。")


@rule(code="P17", severity="warning", title="宽表格分成两个表格印出（续表），两部分的行对不上，后一部分未读取",
      source="读取（版面不够宽时把表三的后几列另印一个“续表”）")
def halves_not_joined(report: AnnualReport, ctx):
    """
    作用：
    版面不够宽时，表三常分成两个表格印出：前一个印行标签和前几列，后一个（“续表”）印其余各列。两个表格的列标题合起来
    恰好是格式的各列、每列一次，且两部分的行能一一对上（后一个表格重印的行标签与前一个逐行相同，或不印行标签而行数相同）
    时，读取程序把两部分拼成一个表格读取；行对不上时不拼接，后一部分的数字不读取，并说明原因。

    为什么：
    行对错一行，整列数字就都放错了位置；不能替报告机关猜。

    示例：
    表三的“续表”不印行标签、只有 24 行，而前一个表格有 25 行：不拼接，“法律服务机构”“其他”“总计”三列不读取，报“警告”。
    """
    for n in _notes(report, "P17"):
        yield Finding("P17", "warning", n.message, [PassageEvidence("", "", n.location)],
                      "请对照原件核对；制作年报时请把表三印在一个表格里（可横向排版或缩小字号）。")


@rule(code="P18", severity="warning", title="文本框或图形只剩空的占位，其中的文字和表格没有保存在文件里",
      source="读取（Word 文档另存为 RTF 时，文本框常只留下一个空的 SHAPE 域）")
def lost_shapes(report: AnnualReport, ctx):
    """
    作用：
    把放在文本框里的表格另存为 RTF（或其他格式）时，有的软件只留下文本框的空占位（SHAPE 域），框里的文字和表格并没有
    写进文件。读取程序数出这些空占位并说明；找不到的表格照常报“缺少表格”，但原因写明是文件本身丢失了内容。

    为什么：
    “缺少表二”可能是报告机关漏印，也可能是转换丢了内容；说清是后者，才知道该要原始文件而不是让机关补表。

    示例：
    RTF 文件中有 3 个空的 SHAPE 域、正文里找不到表二、表三、表四：报“警告”，请提供原始的 Word（.docx）文件。
    """
    for n in _notes(report, "P18"):
        yield Finding("P18", "warning", n.message, [PassageEvidence("", "", n.location)],
                      "请向报告机关索取原始的 Word（.docx）文件再审核。")


@rule(code="P14", severity="notice", title="一格一行的表格数字比格数少，已按勾稽关系确定空白单元格的位置",
      source="读取（不带 -layout 的 pdftotext：空白单元格不印出一行）")
def blanks_placed_by_relations(report: AnnualReport, ctx):
    """
    作用：
    不带 -layout 的 pdftotext 把表格一格印成一行，先印全部行标签、后印全部数字；空白单元格不印出任何一行，数字就比格数少，
    看不出哪几格空白。读取程序把空白放在每一个可能的位置（按行、按列两种顺序）逐一核对勾稽关系，只有各种仍成立的读法都
    给出同一个数字（或同为空白）的单元格才读取，标为“推断”；各种读法不一致的单元格不读取（P01）。不补数、不改数，只是
    确定原件数字的位置。

    为什么：
    空白的位置是由勾稽关系推断的：原件的数字若本身有错，推断可能不对，请对照原件确认空白的单元格。

    示例：
    表三 175 格只印出 173 个数字，只有把空白放在「一、本年新收政府信息公开申请数量」科研机构、「二、上年结转…」其他
    两格时勾稽关系才成立：按此读取，报“提示”。

    不带 -layout 的 pdftotext、pdftotext -raw 和 pdfplumber 的文字把一行的数字印在一行、各数字之间只隔一个空格，也看不出
    空白单元格在哪一列：把每一行的空白放在每一个可能的位置（空白按 0 核对），全表勾稽关系只有一种放法成立的行才读取，
    其余行不读取（P01）。
    """
    for n in _notes(report, "P14"):
        d = n.data
        t = str(d.get("table", ""))
        blanks = d.get("blanks") or []
        shown = "、".join(blanks[:5]) + (" 等" if len(blanks) > 5 else "")
        how = "只印出数字、看不出各数字所在的列" if d.get("positions_unknown") else "一格一行"
        yield Finding("P14", "notice",
                      f"表{t}{how}、空白单元格没有印出（{d.get('values', '')} 个数字，{d.get('cells', '')} 格），"
                      f"已按勾稽关系确定空白的位置：{shown or '各种读法的空白位置不同，只读取了各读法相同的格'}。",
                      [CellEvidence(t, str(d.get("row_label", "")), "", shorten(str(d.get("raw", ""))), n.location)],
                      "请对照原件确认这些空白单元格；转换 PDF 时请用 pdftotext -layout 或保留表格格式。")


@rule(code="P19", severity="notice", title="文本文件中每个字符旁都有空字符（\\0）或是无字节序标记的 UTF-16，已去掉空字符后读取",
      source="读取（PDF 转文本工具的输出，如 pypdf）")
def nuls_removed(report: AnnualReport, ctx):
    """
    作用：
    文本文件里每个字符前（或后）都有一个空字符（\\0，PDF 转文本工具如 pypdf 的输出），或是没有字节序标记的 UTF-16
    文本。读取程序去掉这些空字符（或按 UTF-16 解码）后照常读取，报“提示”。

    为什么：
    这样的文件是文字，不是二进制文件；直接说“文件不是文本”会让人以为文件损坏。转换工具有时还把个别字符换成别的字，
    读取时仍按勾稽关系核对，核对不上的不读取。

    示例：
    pypdf 输出的年报每个汉字前都有“\\0”：报“提示”，去掉后读取各表。
    """
    for n in _notes(report, "P19"):
        yield Finding("P19", "notice", n.message, [PassageEvidence("", "", n.location)],
                      "如有条件，请用 pdftotext 等工具重新转换，或直接审核原始的 PDF 文件。")


@rule(code="P20", severity="notice", title="表格行列互换印出，已转回格式的行列后读取",
      source="读取（表三以申请人类型为行、表四每行一项结果的版式）")
def turned_table(report: AnnualReport, ctx):
    """
    作用：
    表三把申请人类型（自然人、商业企业……其他、总计）印成行、把格式的各行印成列，或表四每行印一项结果及其数字
    （“行政复议 | 结果维持 | 17”）。读取程序按行标签认出这样的表格，把行列互换回格式的样子后照常读取，报“提示”。

    为什么：
    照印出的样子读，申请人类型“其他”“总计”会被当成格式的“3.其他”“（七）总计”行，数字填进错误的格；
    表四的各行对不上格式的任何一行，整表读不出。互换后每个数字回到它所在的格，仍按勾稽关系核对。
    PDF 中表四的分组列常被读成表格外的一行文字（“类别行政复议行政复议……行政诉讼……”），各行只剩“结果维持 | 17”：只在十五行恰按格式的
    顺序印出各结果、且这些文字按格式的顺序说出各分组时，按格式的顺序对应各列；否则不读取，不猜。

    示例：
    表三第一行印“申请人情况 | 一、本年新收政府信息公开申请数量 | ……”，以下各行为“自然人 | 75 | 244 | ……”：
    报“提示”，按格式的行列读取。
    """
    for n in _notes(report, "P20"):
        yield Finding("P20", "notice", n.message,
                      [PassageEvidence(n.data.get("table", ""), shorten(n.data.get("row", "")), n.location)],
                      "请按格式的行列印表（格式的各行为行、申请人类型或复议诉讼结果为列）。")


@rule(code="P15", severity="warning", title="文本文件中有被按字节截断的汉字（不完整的 UTF-8 字符）",
      source="读取（按字节计宽的文本转换工具，如 html2text）")
def broken_utf8(report: AnnualReport, ctx):
    """
    作用：
    文本文件是 UTF-8 编码，但有些行含不完整的多字节字符：按字节而不是按字符计算列宽的转换工具（如 html2text）把表格
    单元格里的汉字从中间截断。读取程序把每处不完整的字节替换为“�”后继续读取，报出含替换符号的行；含“�”的单元格
    不读取（不猜它原来的数字），其余单元格照常读取。

    为什么：
    UTF-8 在下一个字符处就能重新对齐，截断不会把一个字读成另一个字；但被截断的那一格缺了字节，原来的数字无从得知。

    示例：
    html2text 转换的年报有 40 行含截断的汉字：报“警告”，列出行号；“215�”这样的单元格不读取（C08 另报未读取的单元格）。
    """
    for n in _notes(report, "P15"):
        lines = n.data.get("lines") or []
        count = n.data.get("count", len(lines))
        shown = "、".join(str(x) for x in lines[:8]) + (" 等" if count > 8 else "")
        yield Finding("P15", "warning",
                      f"文件有 {count} 行含被截断的汉字（不完整的 UTF-8 字符，第 {shown} 行），已替换为“�”后读取；"
                      f"含“�”的单元格未读取。",
                      [PassageEvidence("", f"第 {shown} 行", n.location)],
                      "请用按字符计宽的工具重新转换（如 w3m -dump、pandoc），或直接审核原始的 HTML/Word 文件。")
