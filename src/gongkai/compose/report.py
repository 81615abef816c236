"""The annual report composed from records (:func:`compose_report`).

- table 三 and 四: :func:`gongkai.casework.counting.annual_report` over the agency's cases and
  复议/诉讼 register (or a subtree's, for the 汇总 report);
- table 二: the drafts' entered figures, each cell located "本机关填报，来源：…"; then, when the
  主动公开 register is given, 第（一）项 counted from it and its （五）（六）（八） figures
  (:func:`fill_from_register`);
- sections: the data-driven sentences first (numbers from the tables), then the office's text; the
  主动公开 sentence from the register under "（一）主动公开".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Sequence

from ..casework.counting import ReviewCase, annual_report
from ..casework.model import Request
from ..format import FORMATS
from ..publications.annual import fill_report
from ..publications.figures import YearlyFigure
from ..publications.lifecycle import NormativeDocument
from ..publications.model import Publication
from ..report import AnnualReport, Cell, Location, SectionText
from ..workdays.calendar import WorkCalendar

SECTIONS = [(s.number, s.title) for s in FORMATS["2021"].sections]
SOURCE = "gongkai.web"


@dataclass
class Draft:
    """What an office writes for its report (the record the web keeps as ``ReportDraft``): ``table2`` —
    "row:col" → {"value", "source"} as :func:`~gongkai.compose.table2.parse_table2` cleans it —
    and ``sections`` — section number → its text (paragraphs one a line).  Any object with these two
    attributes will do."""

    table2: dict = field(default_factory=dict)
    sections: dict = field(default_factory=dict)


@dataclass
class Register:
    """The 主动公开 register of the agencies a report covers, for the year: items published, the
    规章/规范性文件 records, and the yearly table 二 figures."""

    publications: list[Publication] = field(default_factory=list)
    documents: list[NormativeDocument] = field(default_factory=list)
    figures: list[YearlyFigure] = field(default_factory=list)


#: ``narrative`` default of :func:`compose_report`: a single agency's own draft
OWN = object()


def data_sentences(report: AnnualReport) -> dict[str, list[str]]:
    """Sentences whose numbers come from the tables (section → sentences)."""
    v = lambda row: report.value("三", row, "total") or 0  # noqa: E731
    out = {"一": [f"本年度，本机关共收到政府信息公开申请{v('received')}件，上年结转政府信息公开申请{v('carried_over')}件；"
                 f"本年度办结政府信息公开申请{v('dispositions_total')}件，结转下年度继续办理{v('carried_forward')}件。"]}
    if "四" in report.tables_found:
        rv = report.value("四", "cases", "review_total") or 0
        lt = (report.value("四", "cases", "lawsuit_direct_total") or 0) + \
            (report.value("四", "cases", "lawsuit_after_review_total") or 0)
        out["四"] = [f"本年度因政府信息公开工作被申请行政复议{rv}件，被提起行政诉讼{lt}件。"]
    fee_lapsed = report.value("三", "other_fee_not_paid", "total") or 0
    if fee_lapsed:
        # The table 三（六）2 row's own words; "视为放弃申请" is confirmed only in a provincial notice
        # (shared/spec/fees.md F4), so it is not put in the 办法's mouth.
        out["六"] = [f"本年度有{fee_lapsed}件政府信息公开申请因申请人逾期未按收费通知要求缴纳费用，本机关不再处理"
                    f"（计入表三“（六）其他处理”第2项）。"]
    return out


def _entered_table2(report: AnnualReport, drafts: Iterable) -> None:
    """Table 二 from the drafts' entries, summed over the drafts, each cell naming its sources."""
    sums: dict[str, Decimal | int] = {}
    sources: dict[str, list[str]] = {}
    for d in drafts:
        for key, e in (d.table2 or {}).items():
            unit_decimal = key.endswith("amount_10k_yuan")
            val = Decimal(e["value"]) if unit_decimal else int(e["value"])
            sums[key] = sums.get(key, 0) + val
            sources.setdefault(key, []).append(e.get("source", ""))
    for key, val in sums.items():
        row, col = key.split(":")
        report.cells["二", row, col] = Cell("number", val, str(val), Location(
            source="本机关填报", where="来源：" + "；".join(sorted(set(filter(None, sources[key]))))))
    if sums:
        report.tables_found["二"] = Location(source="本机关填报", where="表二由本机关填报（数据来源见各单元格）")


def fill_from_register(report: AnnualReport, register: Register, year: int, *, several: bool = False,
                       calendar: WorkCalendar | None = None) -> None:
    """Table 二 and the 主动公开 sentence from the register (:func:`gongkai.publications.annual.fill_report`).

    第（一）项 is always counted from the 规章/规范性文件 register; a （五）（六）（八） figure of the register
    replaces the office's entry, otherwise the entry stays.  ``several``: the report covers several agencies
    (a 汇总): their figures are summed, sources joined, and the sentence speaks of 本地区各机关."""
    figs = list(register.figures)
    if several:
        summed: dict[str, list[YearlyFigure]] = {}
        for f in figs:
            summed.setdefault(f.row, []).append(f)
        figs = [YearlyFigure(report.agency, year, row, sum((f.value for f in fs), Decimal(0) if row ==
                                                           "administrative_fees" else 0),
                             "；".join(f"{f.agency}：{f.source}" for f in fs)) for row, fs in summed.items()]
    fill_report(report, register.publications, register.documents, figs, year=year,
                agency="",  # the records are already those of the report's agencies
                subject="本地区各机关" if several else "本机关", calendar=calendar, keep_entered=True)


def compose_report(year: int, *, agency: str, requests: Iterable[Request], reviews: Iterable[ReviewCase] = (),
                   drafts: Sequence = (), narrative=OWN, several: bool = False, units: list[str] | None = None,
                   register: Register | None = None, calendar: WorkCalendar | None = None) -> AnnualReport:
    """The :class:`~gongkai.report.AnnualReport` of ``agency`` for ``year`` from its records.

    ``requests`` (casework :class:`~gongkai.casework.model.Request`) and ``reviews`` (the 复议/诉讼 register)
    are counted into table 三 and 四.  ``drafts``: the :class:`Draft` (or ``ReportDraft``) whose table 二 figures
    are summed.  ``narrative``: the draft whose text is used — by default (:data:`OWN`) a single agency's own
    draft (none for several agencies: a unit's text is never another's).  ``several``: the report covers
    several agencies (a subtree summed).  ``units``: for a 汇总, the names of the agencies whose figures it
    contains (said in section 一).  ``register``: the 主动公开 register of those agencies (None: table 二 is
    only what the drafts entered); ``calendar`` counts its 第二十六条 timeliness.

    Raises CaseworkError (a year that cannot be counted) and FigureError (two register figures for one cell)."""
    rep = annual_report(requests, None, year, reviews=reviews)
    rep.agency = agency
    rep.source = SOURCE
    rep.title = f"{agency}{year}年政府信息公开工作年度报告"
    drafts = list(drafts)
    _entered_table2(rep, drafts)
    # sections
    auto = data_sentences(rep)
    if narrative is OWN:
        narrative = drafts[0] if not several and len(drafts) == 1 else None
    texts = (narrative.sections or {}) if narrative is not None else {}
    if units:
        auto["一"] = [f"本报告汇总{agency.removesuffix('（汇总）')}及所属机关共{len(units)}个单位的数字："
                     f"{'、'.join(units)}。", *auto.get("一", [])]
    for number, title in SECTIONS:
        paras = [(s, Location(source="由办件记录生成", where=f"第{number}部分")) for s in auto.get(number, [])]
        for p in (texts.get(number) or "").splitlines():
            if p.strip():
                paras.append((p.strip(), Location(source="本机关撰写", where=f"第{number}部分")))
        rep.sections[number] = SectionText(number, title, Location(where=f"第{number}部分"), paras)
    if register is not None:
        fill_from_register(rep, register, year, several=several, calendar=calendar)
    return rep
