"""A small, fully consistent annual report built in code, for the audit tests (a test fixture: moved here from
gongkai/audit/example.py, which shipped in the product without anything there using it).

:func:`build_report` returns an :class:`~gongkai.report.AnnualReport` of a fictitious
乡 government whose tables satisfy every relation and whose narrative agrees with the
tables; tests change single cells or sentences and expect exactly the rule they pin.
"""

from __future__ import annotations

from decimal import Decimal

from gongkai.format import FORMATS
from gongkai.report import MISSING, SECTION_NUMBERS, AnnualReport, Cell, Location, SectionText
from gongkai.textutil import parse_value

SOURCE = "示例乡2023年报.txt"

# Non-zero cells of the consistent example (every other printed cell is 0).
TABLE_3_PEOPLE = {  # natural persons
    "received": 5, "carried_over": 1, "granted": 2, "partially_granted": 1,
    "withheld_third_party_rights": 1, "unavailable_not_held": 1, "dispositions_total": 5, "carried_forward": 1,
}
TABLE_3_COMPANIES = {"received": 1, "granted": 1, "dispositions_total": 1}  # commercial enterprises

BASE_VALUES = {
    ("二", "normative_documents", "issued"): 2,
    ("二", "normative_documents", "repealed"): 1,
    ("二", "normative_documents", "in_force"): 10,
    ("二", "licensing", "decisions"): 30,
    ("二", "penalty", "decisions"): 12,
    ("二", "administrative_fees", "amount_10k_yuan"): Decimal("1.5"),
    **{("三", r, "natural_person"): v for r, v in TABLE_3_PEOPLE.items()},
    **{("三", r, "commercial_enterprise"): v for r, v in TABLE_3_COMPANIES.items()},
    **{("三", r, "total"): TABLE_3_PEOPLE.get(r, 0) + TABLE_3_COMPANIES.get(r, 0)
       for r in set(TABLE_3_PEOPLE) | set(TABLE_3_COMPANIES)},
    ("四", "cases", "review_upheld"): 1, ("四", "cases", "review_total"): 1,
    ("四", "cases", "lawsuit_direct_upheld"): 1, ("四", "cases", "lawsuit_direct_total"): 1,
}


def section_texts(year: int = 2023) -> dict[str, list[str]]:
    """The narrative of the example, consistent with :data:`BASE_VALUES`."""
    return {
        "一": ["（一）主动公开",
               f"{year}年，本乡通过政府网站主动公开政府信息120条。",
               "（二）依申请公开",
               f"{year}年，本乡共收到政府信息公开申请6件，上年结转申请1件，办结6件，结转下年度继续办理1件。",
               "（三）政府信息管理", "严格执行信息发布审核制度。",
               "（四）政府信息公开平台建设", "依托政府门户网站公开信息。",
               "（五）监督保障", "将政务公开纳入年度考核。"],
        "二": [],
        "三": [],
        "四": [],
        "五": ["对政府信息公开工作的培训还不够，下一步将加强业务培训。",
               "政府信息公开工作已纳入年度考核，本年度开展了社会评议，未发生责任追究情况。"],
        "六": [f"{year}年，本乡未收取政府信息公开信息处理费。"],
    }


def set_cell(report: AnnualReport, table: str, row: str, column: str, value) -> None:
    """Put ``value`` into a cell: int/Decimal → number, "" → blank, "/" → not applicable,
    None → missing, other text → parsed like a printed cell (so "abc" is unreadable)."""
    old = report.cells.get((table, row, column))
    loc = old.location if old else Location(SOURCE)
    if value is None:
        report.cells[(table, row, column)] = Cell(MISSING, location=loc)
        return
    if isinstance(value, (int, Decimal)):
        report.cells[(table, row, column)] = Cell("number", value, str(value), loc)
        return
    fmt = report.format
    unit = "万元" if "万元" in (fmt.table(table).row(row).unit, fmt.table(table).column(column).unit) else "件"
    kind, parsed = parse_value(value, unit)
    report.cells[(table, row, column)] = Cell(kind, parsed, value, loc)


def set_section(report: AnnualReport, number: str, paragraphs: list[str] | None) -> None:
    """Replace the text of section ``number`` (None removes the section)."""
    if paragraphs is None:
        report.sections.pop(number, None)
        return
    old = report.sections.get(number)
    line = old.location.line if old and old.location.line else 1
    title = old.title if old else report.format.section(number).title
    report.sections[number] = SectionText(number, title, Location(SOURCE, line),
                                          [(p, Location(SOURCE, line + 1 + i)) for i, p in enumerate(paragraphs)])


def build_report(year: int = 2023, format_id: str = "2021", cells: dict | None = None,
                 sections: dict | None = None) -> AnnualReport:
    """A consistent report for ``year``; ``cells`` ({(table, row, column): value}) and
    ``sections`` ({"一": [paragraph, …]}) override parts of it (see :func:`set_cell`)."""
    fmt = FORMATS[format_id]
    title = f"示例乡人民政府{year}年政府信息公开工作年度报告"
    rep = AnnualReport(source=SOURCE, title=title, agency="示例乡人民政府", year=year, format_id=format_id,
                       reader="example")
    rep.preamble = [(title, Location(SOURCE, 1)),
                    (f"本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
                     f"（{fmt.document}）编制，所列数据统计期限为{year}年1月1日至{year}年12月31日。",
                     Location(SOURCE, 2))]
    line = 3
    texts = section_texts(year)
    for number in SECTION_NUMBERS:
        sec = fmt.section(number)
        paras = texts[number]
        rep.sections[number] = SectionText(number, sec.title, Location(SOURCE, line),
                                           [(p, Location(SOURCE, line + 1 + i)) for i, p in enumerate(paras)])
        line += 1 + len(paras)
        for table in fmt.tables:
            if table.number != number:
                continue
            rep.tables_found[number] = Location(SOURCE, line)
            for row in table.printed_rows:
                line += 1
                for col in table.columns_of(row):
                    if row.sum_of and not row.printed:
                        continue
                    value = BASE_VALUES.get((number, row.id, col.id))
                    if value is None and format_id == "2019" and row.id == "other_handling":
                        value = sum(BASE_VALUES.get((number, leaf, col.id), 0) for leaf in
                                    FORMATS["2021"].table("三").row("other_handling").sum_of)
                    value = value if value is not None else (Decimal(0) if "万元" in (row.unit, col.unit) else 0)
                    rep.cells[(number, row.id, col.id)] = Cell("number", value, str(value),
                                                               Location(SOURCE, line))
            line += 1
    for (t, r, c), v in (cells or {}).items():
        set_cell(rep, t, r, c, v)
    for n, paras in (sections or {}).items():
        set_section(rep, n, paras)
    rep.ensure_all_cells()
    return rep
