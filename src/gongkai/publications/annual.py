"""From the register to the annual report: table 二 and the 主动公开 sentence of section 一.

- :func:`fill_table_2` writes table 二 of an :class:`~gongkai.report.AnnualReport`: 第（一）项 counted
  from the 规章/行政规范性文件 lifecycle (:mod:`.lifecycle`), 第（五）（六）（八）项 from the yearly
  figures with their source (:mod:`.figures`).  A figure nobody entered stays ``missing`` (never a
  silent 0) and a reading note says so.
- :func:`proactive_sentence` writes the sentence "2024年，本机关主动公开政府信息N条，其中…" from the
  items published in the year, and the 第（一）项 counts, and whether items were published within
  第二十六条's 20 working days.
- :func:`fill_report` does both on a report (placing the sentence under "（一）主动公开" of section 一).

An empty register is not evidence that nothing was published (the office may simply not keep its
主动公开 in this register): with no item published in the year, the sentence begins with a
placeholder marked :data:`PLACEHOLDER_MARK` for the clerk to replace, never "未主动公开政府信息".
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Iterable

from ..workdays.calendar import WorkCalendar
from ..report import AnnualReport, Cell, Location, ReadingNote, SectionText
from ..textutil import norm
from .categories import CATEGORIES
from .deadlines import timeliness
from .errors import FigureError
from ..format.format2021 import FIRST_ITEM_ROWS as _FORMAT_FIRST_ITEM_ROWS, PROACTIVE_COLUMNS
from .figures import FIGURE_ROWS, YearlyFigure
from .lifecycle import NormativeDocument, count_first_item
from .model import Publication

SOURCE = "gongkai.publications"
FIRST_ITEM_ROWS = tuple((r.id, r.label) for r in _FORMAT_FIRST_ITEM_ROWS)
FIRST_ITEM_COLUMNS = tuple((c.id, c.label) for c in PROACTIVE_COLUMNS if c.id in _FORMAT_FIRST_ITEM_ROWS[0].columns)
SUBHEADING = "（一）主动公开"
#: Opens every placeholder the generator leaves for the clerk (a report holding it is not finished).
PLACEHOLDER_MARK = "【待填写"
#: An office-written paragraph that states the year's 主动公开 (a number, or that nothing was published)
_OFFICE_STATES_PROACTIVE = re.compile(r"主动公开[^。；]*?\d|未主动公开|没有主动公开|无主动公开")


def _cell(value, where: str) -> Cell:
    return Cell("number", value, str(value), Location(source=SOURCE, where=where))


def _year(report: AnnualReport, year: int | None) -> int:
    y = year if year is not None else report.year
    if not isinstance(y, int):
        raise FigureError("年报未注明年度，无法从登记簿统计表二。")
    return y


def fill_table_2(report: AnnualReport, documents: Iterable[NormativeDocument], figures: Iterable[YearlyFigure],
                 *, year: int | None = None, agency: str | None = None, keep_entered: bool = False) -> None:
    """Write every cell of table 二 for ``year`` (default ``report.year``) of ``agency`` (None: the
    report's own ``report.agency``; "": every record given, e.g. a 汇总 of several agencies).

    ``keep_entered``: a （五）（六）（八） cell the register has no figure for keeps the number the
    report already holds (entered elsewhere, e.g. the report workspace) instead of becoming ``missing``.

    Raises FigureError when two figures of the same year claim the same cell (which one is right
    is a person's decision) or the report has no year.
    """
    y = _year(report, year)
    ag = (report.agency or None) if agency is None else (agency or None)  # "": every record given
    counts = count_first_item(documents, y, ag)
    for rid, rlabel in FIRST_ITEM_ROWS:
        for cid, clabel in FIRST_ITEM_COLUMNS:
            ids = counts.cells.get((rid, cid), [])
            where = f"表二 第二十条第（一）项 {rlabel} / {clabel}：由规章和行政规范性文件登记统计"
            if ids:
                where += f"（{'、'.join(ids[:20])}{'等' if len(ids) > 20 else ''}）"
            report.cells["二", rid, cid] = _cell(len(ids), where)
        if counts.expired.get(rid):
            report.notes.append(ReadingNote(
                "publications-expired", f"{y}年有{len(counts.expired[rid])}件{rlabel}因有效期届满失效"
                f"（不计入本年废止件数，已从现行有效件数中减去）。", Location(source=SOURCE),
                {"row": rid, "documents": list(counts.expired[rid])}))
    chosen: dict[str, YearlyFigure] = {}
    for f in figures:
        if f.year != y or (ag is not None and f.agency != ag):
            continue
        if f.row in chosen and chosen[f.row].value != f.value:
            raise FigureError(f"{y}年{f.label}录入了两个不同的数：{chosen[f.row].value}（来源：{chosen[f.row].source}）"
                              f"和 {f.value}（来源：{f.source}），请核对后只保留一个。")
        chosen[f.row] = f
    for rid, (cid, label, item) in FIGURE_ROWS.items():
        f = chosen.get(rid)
        if f is None and keep_entered and report.cell("二", rid, cid).kind == "number":
            continue
        if f is None:
            report.cells["二", rid, cid] = Cell("missing")
            report.notes.append(ReadingNote(
                "publications-figure-missing", f"表二{item}「{label}」{y}年的数据尚未录入，请录入数据及其来源。",
                Location(source=SOURCE), {"row": rid, "column": cid, "year": y}))
            continue
        who = f"，{f.entered_by}录入" if f.entered_by else ""
        when = f"于{f.entered_on}" if f.entered_on else ""
        report.cells["二", rid, cid] = _cell(f.value, f"表二 {item} {label}：来源 {f.source}{who}{when}")
    report.tables_found["二"] = Location(source=SOURCE, where="由主动公开登记簿统计")


def published_in(pubs: Iterable[Publication], year: int, agency: str | None = None) -> list[Publication]:
    """主动公开 items published (签发) in ``year`` (of ``agency``).

    An item later superseded by a new version (变更) still counts for the year it was published in, and
    the new version counts for the year it is published in (it is published again, 第二十六条)."""
    return [p for p in pubs if p.was_published and p.is_proactive and p.published_on is not None
            and p.published_on.year == year and (agency is None or p.agency == agency)]


def proactive_sentence(pubs: Iterable[Publication], documents: Iterable[NormativeDocument], year: int, *,
                       agency: str | None = None, subject: str = "本机关",
                       calendar: WorkCalendar | None = None, placeholder: bool = True) -> str:
    """The 主动公开 paragraph of section 一 for ``year``, e.g.

    "2024年，本机关主动公开政府信息5条，其中：机构职能1条，财政预决算2条，规章和规范性文件2条。本年制发规章0件、
    行政规范性文件2件，废止规章0件、行政规范性文件1件；截至2024年12月31日，现行有效规章0件、行政规范性文件3件。
    全部信息均在条例第二十六条规定的20个工作日内公开。"

    Categories in 第二十条/第二十一条 order, zero categories left out.  The timeliness sentence is
    left out when the calendar cannot decide for some item (a year without a schedule).

    No item published in the year: the register has no data, which does not show that nothing was
    published — the sentence opens with a :data:`PLACEHOLDER_MARK` placeholder asking the clerk for
    the figures (``placeholder=False``: that clause is left out, e.g. when the office wrote it).
    """
    items = published_in(pubs, year, agency)
    n = len(items)
    if n:
        by_cat = Counter(p.category for p in items)
        parts = [f"{CATEGORIES[c].short}{by_cat[c]}条" for c in CATEGORIES if by_cat[c]]
        text = f"{year}年，{subject}主动公开政府信息{n}条，其中：{'，'.join(parts)}。"
    elif placeholder:
        text = (f"{PLACEHOLDER_MARK}：主动公开登记簿中没有{year}年公开的信息。请写明{year}年{subject}主动公开政府信息的"
                f"条数和类别；确实没有公开的，请如实写明。】")
    else:
        text = ""
    fc = count_first_item(documents, year, agency)
    v = fc.value
    text += (f"本年制发规章{v('rules', 'issued')}件、行政规范性文件{v('normative_documents', 'issued')}件，"
             f"废止规章{v('rules', 'repealed')}件、行政规范性文件{v('normative_documents', 'repealed')}件；"
             f"截至{year}年12月31日，现行有效规章{v('rules', 'in_force')}件、"
             f"行政规范性文件{v('normative_documents', 'in_force')}件。")
    if n:
        statuses = [timeliness(p, dt.date(year, 12, 31), calendar) for p in items]
        if all(s.status in ("on_time", "late") for s in statuses):
            late = sum(s.status == "late" for s in statuses)
            text += ("全部信息均在条例第二十六条规定的20个工作日内公开。" if not late else
                     f"其中{late}条超过条例第二十六条规定的20个工作日期限公开。")
    return text


def place_sentence(report: AnnualReport, sentence: str) -> None:
    """Put ``sentence`` under "（一）主动公开" of section 一, replacing an earlier generated one."""
    sec = report.sections.get("一")
    if sec is None:
        sec = report.sections["一"] = SectionText("一", "一、总体情况", Location(source=SOURCE))
    paras = sec.paragraphs
    loc = Location(source=SOURCE, where="第一部分（一）主动公开：由主动公开登记簿生成")
    for i, (text, ploc) in enumerate(paras):
        if ploc.source == SOURCE and text != SUBHEADING:
            paras[i] = (sentence, loc)
            return
    for i, (text, _) in enumerate(paras):
        if norm(text).startswith(norm(SUBHEADING)):
            paras.insert(i + 1, (sentence, loc))
            return
    paras[0:0] = [(SUBHEADING, Location(source=SOURCE)), (sentence, loc)]


def office_states_proactive(report: AnnualReport) -> bool:
    """Whether section 一 has a paragraph not generated here that states the year's 主动公开 (a figure,
    or that nothing was published) — then no placeholder is needed."""
    sec = report.sections.get("一")
    return sec is not None and any(loc.source != SOURCE and _OFFICE_STATES_PROACTIVE.search(text)
                                   for text, loc in sec.paragraphs)


def fill_report(report: AnnualReport, pubs: Iterable[Publication], documents: Iterable[NormativeDocument],
                figures: Iterable[YearlyFigure], *, year: int | None = None, agency: str | None = None,
                subject: str = "本机关", calendar: WorkCalendar | None = None,
                keep_entered: bool = False) -> AnnualReport:
    """Fill table 二 and the 主动公开 sentence of ``report`` from the register; returns ``report``."""
    pubs, documents = list(pubs), list(documents)
    y = _year(report, year)
    ag = (report.agency or None) if agency is None else (agency or None)  # "": every record given
    fill_table_2(report, documents, figures, year=y, agency=agency, keep_entered=keep_entered)
    place_sentence(report, proactive_sentence(pubs, documents, y, agency=ag, subject=subject, calendar=calendar,
                                              placeholder=not office_states_proactive(report)))
    report.ensure_all_cells()
    return report


__all__ = ["SOURCE", "PLACEHOLDER_MARK", "office_states_proactive", "fill_table_2", "published_in", "proactive_sentence", "place_sentence", "fill_report"]
