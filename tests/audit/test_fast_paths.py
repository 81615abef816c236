"""The audit's quick paths (issue 16) give the findings the term-by-term evaluation gives.

During an audit the cells of a table are scanned once: the numbers that relations and narrative sums add up
come from that scan (``table_numbers``), a table whose numbers are all whole and whose unprinted group rows hold
nothing is summed without walking groups (``plain_sums``), and a place whose every cell is a number makes no
``Instance``.  The term-by-term path — every term through ``evaluate``/``_side``, blanks and unread cells
named — is the straightforward reference: with the quick paths switched off (no scanned numbers, no plain sums)
every report, consistent or not, must get exactly the same findings (codes, severities, messages, evidence,
order).  The reports are the example report and reports of random consistent tables, with random cells changed
(±, blank, "/", missing, unreadable, ambiguous, decimal, negative, a printed group subtotal), random sentences
about the numbers added, sections and tables dropped and reading notes added.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from example_report import build_report
from hypothesis import given, settings
from hypothesis import strategies as st
from office_helpers import consistent_values, report_from_values

from gongkai.audit import arithmetic, completeness, narrative
from gongkai.audit._util import ODD_NUMBER, cells_by_kind
from gongkai.audit.registry import audit
from gongkai.report import MISSING, Cell, Location, ReadingNote

WORDS = ("新收", "收到", "受理", "共收到", "申请", "政府信息公开申请", "上年结转", "结转下年度继续办理", "办结", "答复",
         "予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理", "行政复议", "行政诉讼", "维持", "纠正",
         "其中", "本部门", "同比增加", "自然人", "法人或其他组织", "商业企业", "信息处理费", "收取", "未发生", "均获维持",
         "均已办结", "全年", "本年度", "2022年", "2023年", "2024年", "占", "%", "国办函【2020】109号", "《政府信息公开条例》")
NUMBERS = ("0", "1", "3", "12", "十二", "两", "100", "35.5")


def _sentence(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 5)):
        parts.append(rng.choice(WORDS))
        if rng.random() < 0.7:
            parts.append(rng.choice(NUMBERS) + rng.choice(("件", " 件", "", "%", "万元")))
        if rng.random() < 0.3:
            parts.append(rng.choice(("，", "；", "。")))
    return "".join(parts) + rng.choice(("。", "；", ""))


#: sentences stating sums of table 三's 总计 column (rows) and table 四's cells, as the narrative rules read them
STATED = (("本年度共收到政府信息公开申请{}件。", ("received",)), ("本年度新收申请{}件。", ("received", "carried_over")),
          ("上年结转申请{}件。", ("carried_over",)), ("本年度共答复政府信息公开申请{}件。", ("dispositions_total",)),
          ("办理申请{}件。", ("dispositions_total",)), ("另有{}件结转下年度继续办理。", ("carried_forward",)),
          ("其中予以公开及部分公开{}件，占50%。", ("granted", "partially_granted")), ("不予公开{}件。", ("withheld",)),
          ("无法提供{}件。", ("unavailable",)), ("不予处理{}件。", ("not_processed",)), ("其他处理{}件。", ("other_handling",)))


def _stated(rng: random.Random, rep) -> str:
    """A sentence stating a sum of table 三's 总计 column — the table's own (a group row summed over its leaves,
    blanks and unread cells as 0), or one off — or table 四's 复议/诉讼 counts."""
    if rng.random() < 0.3:
        value = sum(c.value for k, c in rep.cells.items() if k[0] == "四" and k[2].endswith("_total")
                    and c.kind == "number" and type(c.value) is int)
        return f"本年度发生行政复议和行政诉讼{value + rng.choice((0, 0, 1))}件，均获维持。"
    text, rows = rng.choice(STATED)
    table = rep.format.table("三")

    def value(row_id):
        row = table.row(row_id)
        cell = rep.cells.get(("三", row_id, "total"))
        if cell is not None and cell.kind == "number":
            return cell.value
        return sum(value(r) for r in row.sum_of) if row.sum_of else 0
    total = sum(value(r) for r in rows if r in {x.id for x in table.rows})
    return text.format(total + rng.choice((0, 0, 0, 1, -1)))


def _change_cells(rng: random.Random, rep, how_many: int) -> None:
    keys = [(t.number, r.id, c.id) for t in rep.format.tables for r in t.rows for c in t.columns_of(r)]
    for _ in range(how_many):
        key = rng.choice(keys)
        old = rep.cells.get(key)
        value = old.value if old is not None and old.kind == "number" else 0
        loc = old.location if old is not None else Location("g.txt", line=rng.randint(1, 50))
        new = rng.choice([
            lambda: Cell("number", value + rng.choice((1, -1, 5)), str(value), loc),
            lambda: Cell("number", rng.randint(0, 40), "7", loc),
            lambda: Cell("blank", None, "", loc),
            lambda: Cell("not_applicable", None, "/", loc),
            lambda: Cell(MISSING, location=loc),
            lambda: Cell("unreadable", None, "约3", loc),
            lambda: Cell("ambiguous", None, "1 2 3", loc),
            lambda: Cell("number", rng.choice((Decimal("1.5"), Decimal("-2"), -1, Decimal("3.0"))), "1.5", loc),
            lambda: None,
        ])()
        if new is None:
            rep.cells.pop(key, None)
        else:
            rep.cells[key] = new


def random_report(rng: random.Random):
    """A report with random inconsistencies (see the module docstring)."""
    if rng.random() < 0.5:
        rep = report_from_values(consistent_values(rng, rng.choice((0, 3, 50))),
                                 title="测试市测试局2024年政府信息公开工作年度报告")
    else:
        rep = build_report(year=rng.choice((2022, 2023)), format_id=rng.choice(("2021", "2021", "2019")))
    if rng.random() < 0.85:
        _change_cells(rng, rep, rng.choice((1, 2, 3, 8, 30)))
    for _ in range(rng.choice((0, 1, 2))):
        section = rep.sections.get(rng.choice(("一", "三", "六")))
        if section is not None:
            section.paragraphs = list(section.paragraphs) + [(_stated(rng, rep), Location("g.txt", line=8))]
    for _ in range(rng.choice((0, 1, 3))):
        what = rng.randrange(5)
        if what == 0 and rep.sections:
            rep.sections.pop(rng.choice(sorted(rep.sections)))
        elif what == 1 and rep.tables_found:
            rep.tables_found.pop(rng.choice(sorted(rep.tables_found)))
        elif rep.sections:
            section = rep.sections[rng.choice(sorted(rep.sections))]
            section.paragraphs = list(section.paragraphs) + [(_sentence(rng), Location("g.txt", line=9))]
    for _ in range(rng.choice((0, 0, 1, 2))):
        table = rng.choice(rep.format.tables)
        row = rng.choice(table.rows)
        code, data = rng.choice((("P01", {"count": 2, "candidates": [[1, 2], [12]]}), ("P01", {"too_many": True}),
                                 ("P03", {"values": ["1", "2"]}), ("P15", {"lines": [1, 2]}), ("P08", {})))
        rep.notes.append(ReadingNote(code, "说明", Location("g.txt", line=1),
                                     {"table": table.number, "row_label": row.label, "raw": "123", **data}))
    return rep


def _findings(rep, previous=None) -> list:
    return [f.to_dict() for f in audit(rep, previous, strict=True)]


def _term_by_term(monkeypatch) -> None:
    """Switch the quick paths off: no scanned numbers (every sum term by term), no plain sums."""
    for module in (arithmetic, narrative):
        monkeypatch.setattr(module, "table_numbers", lambda report, table: {})
    monkeypatch.setattr(arithmetic, "plain_sums", lambda report, table: False)
    monkeypatch.setattr(narrative, "_sum_lower_counts", _counts_of_terms)


def _counts_of_terms(report, table, rows, column_id):
    """:func:`narrative._sum_lower_counts` read off the terms :func:`narrative._sum_lower_terms` makes."""
    value, _, blanks = narrative._sum_lower_terms(report, table, rows, column_id)
    return None if value is None else (value, len(blanks))


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10**9), with_previous=st.booleans())
def test_quick_paths_give_the_findings_of_the_term_by_term_evaluation(seed, with_previous):
    rng = random.Random(seed)
    rep = random_report(rng)
    previous = random_report(rng) if with_previous else None
    quick = _findings(rep, previous)
    with pytest.MonkeyPatch.context() as mp:
        _term_by_term(mp)
        assert _findings(rep, previous) == quick


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 10**9))
def test_the_scan_by_kind_is_the_cell_by_cell_grouping(seed):
    """``_cells_by_row`` of one kind (the scan, once per audit) is that of the same kind asked with another (the
    cell-by-cell walk of the table's rows and columns)."""
    rep = random_report(random.Random(seed))
    for table in rep.format.tables:
        for kind in ("blank", MISSING, "not_applicable", "unreadable", "ambiguous"):
            assert (completeness._cells_by_row(rep, table, {kind})
                    == completeness._cells_by_row(rep, table, {kind, "(no such kind)"}))
        # the numbers R201/R304/R404 look at: every printed number that is not a whole number ≥ 0
        odd = [(row, col, cell) for row, items in cells_by_kind(rep, table).get(ODD_NUMBER, {}).items()
               if row.printed for col, cell in items]
        assert odd == [(row, col, rep.cells[(table.number, row.id, col.id)]) for row, col in table.cells()
                       if rep.cells.get((table.number, row.id, col.id)) is not None
                       and rep.cells[(table.number, row.id, col.id)].kind == "number"
                       and not (type(rep.cells[(table.number, row.id, col.id)].value) is int
                                and rep.cells[(table.number, row.id, col.id)].value >= 0)]



@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 10**9))
def test_narrative_sums_count_what_the_terms_hold(seed):
    """The narrative rules' sums of table 三's rows with a cell not a number (``_sum_lower_counts``: the sum and how
    many blanks, without terms) are the sums and the numbers of blanks of the terms (``_sum_lower_terms``), for
    every run of rows and every column, cells blank, unread, missing or a printed group subtotal."""
    rep = random_report(random.Random(seed))
    table = rep.format.table("三")
    ids = [r.id for r in table.rows]
    rng = random.Random(seed + 1)
    for column in table.columns:
        for _ in range(6):
            start = rng.randrange(len(ids))
            rows = tuple(ids[start:start + rng.randint(1, 4)])
            assert narrative._sum_lower_counts(rep, table, rows, column.id) == _counts_of_terms(rep, table, rows,
                                                                                               column.id)
