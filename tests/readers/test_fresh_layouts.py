"""Layouts a fresh user's own consistent reports came in (issue 11), each as a class, with fixtures made here.

- a table exported one cell per line (plain ``pdftotext`` without -layout, HTML-to-text): read in row order;
  a row of which only part is on hand is read only where the relations place its blanks for certain (P14),
  else left unread with a warning, never called a misprint (P10);
- an amount under a column header that prints its unit (「本年收费金额（单位：元）」): converted exactly;
- a cell that starts with a number but is not one ("347*") keeps its row: the cell is unreadable, not the row
  missing; amounts printed in 亿元 or as “12万3500元” are converted exactly.

Expected values are the numbers written into the fixtures, never the program's output.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal

import lxml.html
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from office_helpers import consistent_values, report_from_values
from test_layout_generator import layout_text

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers.html import read_html
from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text
from gongkai.writers import write_html

ALL_CELLS = [(t.number, r.id, c.id) for t in FORMAT_2021.tables for r, c in t.cells()]
TITLE = "测试市测试局2024年政府信息公开工作年度报告"
FEE = ("二", "administrative_fees", "amount_10k_yuan")


def _report(seed: int, high: int = 60):
    return report_from_values(consistent_values(random.Random(seed), high), title=TITLE)


def cell_per_line(html: str) -> str:
    """What an HTML-to-text export (or plain pdftotext) makes of a page: every heading, paragraph and table
    cell on a line of its own, in reading order; an empty cell leaves nothing."""
    doc = lxml.html.fromstring(html)
    lines = []
    for el in doc.iter("h1", "h2", "h3", "p", "caption", "th", "td"):
        text = " ".join(el.text_content().split())
        if text:
            lines.append(text)
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- one cell per line
@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), high=st.sampled_from([3, 60, 5000]))
def test_a_table_exported_one_cell_per_line_is_read_in_row_order(seed, high):
    rep = _report(seed, high)
    got = map_document(read_text(cell_per_line(write_html(rep)), "导出.txt"))
    for key in ALL_CELLS:
        assert (got.cells[key].kind, got.cells[key].value) == ("number", rep.cells[key].value), key
    assert not [f for f in audit(got) if f.severity == "error"]


def test_a_row_with_fewer_digits_than_cells_is_left_unread_not_called_a_misprint():
    # the fixture: one cell per line, but the values of 「（一）予以公开」 after its first one were lost
    rep = _report(11)
    text = cell_per_line(write_html(rep))
    lines = text.split("\n")
    at = lines.index("（一）予以公开")
    first = str(rep.value("三", "granted", "natural_person"))
    assert lines[at + 1] == first
    del lines[at + 2:at + 8]  # the other six cells of the row (the next line is 「（二）部分公开…」)
    got = map_document(read_text("\n".join(lines), "导出.txt"))
    findings = audit(got)
    assert not [f for f in findings if f.code == "P10"]
    p01 = [f for f in findings if f.code == "P01" and "予以公开" in f.message]
    assert p01 and p01[0].severity == "warning" and f"只读到 1 个数字（“{first}”）" in p01[0].message
    assert {got.cells[("三", "granted", c.id)].kind for c in FORMAT_2021.table("三").columns} == {"ambiguous"}
    # the other rows are still read
    assert got.value("三", "received", "total") == rep.value("三", "received", "total")
    # the same row's one number printed on the label's own line (plain pdftotext joins them)
    lines[at:at + 2] = [f"（一）予以公开 {first}"]
    findings = audit(map_document(read_text("\n".join(lines), "导出.txt")))
    assert not [f for f in findings if f.code == "P10"]
    p01 = [f for f in findings if f.code == "P01" and "予以公开" in f.message]
    # too few digits for the row's 7 cells: said as a reading question (the glued-digit search with blank cells
    # may say it first: a blank leaves no trace), never a misprint
    assert p01 and p01[0].severity == "warning" and f"“{first}”" in p01[0].message
    assert {c.kind for k, c in map_document(read_text("\n".join(lines), "导出.txt")).cells.items()
            if k[:2] == ("三", "granted")} <= {"ambiguous", "missing"}


def test_a_missing_row_is_a_warning_when_numbers_of_the_table_stand_unplaced():
    # 「（一）予以公开」's label is lost in the export: its seven values follow 「三、本年度办理结果」
    rep = _report(12)
    lines = cell_per_line(write_html(rep)).split("\n")
    lines.remove("（一）予以公开")
    got = map_document(read_text("\n".join(lines), "导出.txt"))
    c03 = [f for f in audit(got) if f.code == "C03" and "予以公开" in f.message]
    assert c03 and all(f.severity == "warning" for f in c03) and "未能读到" in c03[0].message
    for c in FORMAT_2021.table("三").columns:
        assert got.cells[("三", "granted", c.id)].kind != "number"


# ----------------------------------------------------------------------------- the unit in a header
def _fee_in_yuan(html: str, amount: Decimal, printed: str, header="本年收费金额（单位：元）") -> str:
    html = html.replace("本年收费金额（单位：万元）", header)
    cell = f'>{amount}</td>'
    assert html.count(cell) == 1
    return html.replace(cell, f">{printed}</td>")


def test_an_amount_under_a_header_in_yuan_is_converted_exactly():
    rep = _report(13)
    amount = rep.cells[FEE].value
    yuan = str((amount * 10000).quantize(Decimal(1)))  # 万元 with two decimals: a whole number of 元
    html = _fee_in_yuan(write_html(rep), amount, yuan)
    got = map_document(read_html(html.encode("utf-8"), "元.html"))
    assert got.cells[FEE].kind == "number" and got.cells[FEE].value == amount and got.cells[FEE].raw == yuan
    # as a web page's text: tab-separated
    text = "\n".join("\t".join(c.strip() for c in line.split("|")) for line in (
        TITLE, "二、主动公开政府信息情况", "第二十条第（八）项", "信息内容|本年收费金额（单位：元）",
        "行政事业性收费|123500", "三、收到和处理政府信息公开申请情况"))
    got = map_document(read_text(text, "元.txt"))
    assert got.cells[FEE].value == Decimal("12.35")
    # a unit printed in the cell itself wins: "12.35万元" under a 元 header is 12.35 万元
    got = map_document(read_text(text.replace("123500", "12.35万元"), "元.txt"))
    assert got.cells[FEE].value == Decimal("12.35")


def test_an_amount_under_a_header_with_two_units_is_not_guessed():
    rep = _report(14)
    amount = rep.cells[FEE].value
    html = _fee_in_yuan(write_html(rep), amount, "123500", header="本年收费金额（单位：元）（单位：万元）")
    got = map_document(read_html(html.encode("utf-8"), "两个单位.html"))
    cell = got.cells[FEE]
    assert cell.kind == "ambiguous" and cell.candidates == ["12.35", "123500"]
    assert [f for f in audit(got) if f.code == "C07" and "收费" in f.message]


def test_the_unit_of_a_header_applies_to_amounts_only():
    text = "\n".join("\t".join(line.split("|")) for line in (
        TITLE, "二、主动公开政府信息情况", "第二十条第（五）项", "信息内容|本年处理决定数量（单位：元）",
        "行政许可|1268", "三、收到和处理政府信息公开申请情况"))
    got = map_document(read_text(text, "件.txt"))
    assert got.value("二", "licensing", "decisions") == 1268


# ----------------------------------------------------------------------------- cells that are not numbers
def test_a_cell_with_a_footnote_mark_keeps_its_row():
    rep = _report(15)
    html = write_html(rep)
    penalty = rep.value("二", "penalty", "decisions")
    html = re.sub(r'(headers="[^"]*gk-proactive-r-penalty"[^>]*>)' + str(penalty) + "<", rf"\g<1>{penalty}*<", html)
    assert f">{penalty}*<" in html
    got = map_document(read_html(html.encode("utf-8"), "脚注.html"))
    cell = got.cells[("二", "penalty", "decisions")]
    assert (cell.kind, cell.raw) == ("unreadable", f"{penalty}*")
    findings = audit(got)
    assert not [f for f in findings if f.code == "C03"]
    assert [f for f in findings if f.code == "C05" and f"{penalty}*" in f.message]


def test_amounts_in_yi_yuan_and_wan_plus_yuan_are_converted_exactly():
    for printed, expected in (("0.001235亿元", "12.35"), ("12万3500元", "12.35"), ("12万35元", "12.0035"),
                              ("1亿元", "10000")):
        text = "\n".join("\t".join(line.split("|")) for line in (
            TITLE, "二、主动公开政府信息情况", "第二十条第（八）项", "信息内容|本年收费金额（单位：万元）",
            f"行政事业性收费|{printed}", "三、收到和处理政府信息公开申请情况"))
        got = map_document(read_text(text, "金额.txt"))
        cell = got.cells[FEE]
        assert (cell.kind, cell.value, cell.raw) == ("number", Decimal(expected), printed)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), high=st.sampled_from([3, 60]),
       blanks=st.lists(st.sampled_from([k for k in ALL_CELLS if k[0] == "三"]), min_size=1, max_size=4, unique=True))
@example(seed=15858352, high=60, blanks=[("三", "withheld_internal_affairs", "legal_service_provider")])
def test_one_cell_per_line_with_blank_cells_is_never_a_wrong_number(seed, high, blanks):
    """An empty cell leaves no line: its row has fewer values than cells.  A cell is read only when every
    placement of the blanks that makes every relation hold (a blank counting 0; P14 names the blanks) gives it
    the same value — then it is what was written, the blank a blank; the others stay unread with a warning (P01).
    (A popped value that was not 0 leaves no placement; ``high=3`` makes popped zeros, hence placements, common.)"""
    values = consistent_values(random.Random(seed), high)
    for key in blanks:
        values.pop(key)
    rep = report_from_values(values, blanks=blanks, title=TITLE)
    got = map_document(read_text(cell_per_line(write_html(rep)), "导出.txt"))
    findings = audit(got)
    assert not [f for f in findings if f.code == "P10"]
    for key in ALL_CELLS:
        cell = got.cells[key]
        if cell.kind == "number":
            assert rep.cells[key].kind == "number" and cell.value == rep.cells[key].value, key
        elif cell.kind == "blank":
            assert rep.cells[key].kind == "blank", key
    t3 = FORMAT_2021.table("三")
    for row in {b[1] for b in blanks}:
        label = t3.row(row).label[:6]
        kinds = {got.cells[("三", row, c.id)].kind for c in t3.columns_of(t3.row(row))}
        placed = [f for f in findings if f.code == "P14" and label in f.message]
        unread = [f for f in findings if f.code == "P01" and "一格一行" in f.message and label in f.message]
        if "ambiguous" in kinds:
            # the cells the placements disagree on unread and said (P01); the ones they agree on read (checked
            # above: each as written)
            assert unread and kinds <= {"ambiguous", "number", "blank"}, row
        else:
            # read: each cell as written (checked above), the blanks named where they are
            assert placed and not unread, row
            assert all(t3.column(b[2]).label in placed[0].message
                       for b in blanks if b[1] == row), row


# ----------------------------------------------------------------------------- item numbers apart
@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_item_numbers_printed_apart_from_their_labels_in_layout_text(seed):
    """pdftotext -layout of a table whose item numbers stand in a column of their own: "4.  保护第三方合法权益"
    (spaces after the number), or the number on the values line and the label on the line above."""
    rep = _report(seed)
    text = layout_text(rep, random.Random(seed))
    text = re.sub(r"(?m)^(\s*)([1-8])\.(?=[\u4e00-\u9fff])", r"\1\2.   ", text)  # "4.   保护第三方合法权益"
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if "危及" in line)
    m = re.match(r"\s*3\.\s*(\S+)", lines[at])
    assume(m is not None)  # the generator printed this label its own way (no "3." to stand apart)
    label = m.group(1)
    lines[at:at + 1] = [f"      {label}", lines[at].replace(label, " " * len(label) * 2, 1)]
    got = map_document(read_text("\n".join(lines), "g.txt"))
    # what the generator's layout reads (its own label variants are a known gap) reads the same with the
    # item numbers apart, and nothing is wrong
    base = map_document(read_text(layout_text(rep, random.Random(seed)), "g.txt"))
    for key in ALL_CELLS:
        if base.cells[key].kind == "number":
            assert (got.cells[key].kind, got.cells[key].value) == ("number", rep.cells[key].value), key
        if got.cells[key].kind == "number":
            assert got.cells[key].value == rep.cells[key].value, key
    assert len([n for n in got.notes if n.code in ("P03", "P07")]) <= len([n for n in base.notes
                                                                          if n.code in ("P03", "P07")])
    assert not [n for n in got.notes if n.code == "P05" and str(n.data.get("printed", "")).startswith(".")]


# ----------------------------------------------------------------------------- numbers out of their rows' order
@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_a_label_whose_numbers_were_printed_elsewhere_is_unread_not_blank(seed):
    """Plain pdftotext sometimes prints a row's numbers away from its label (cells out of order): the label then
    stands without numbers while numbers of the table stand unplaced.  The row is not "printed blank" — its
    cells are unread — and no number anywhere is wrong."""
    rep = _report(seed)
    lines = cell_per_line(write_html(rep)).split("\n")
    at = lines.index("四、结转下年度继续办理")
    values = lines[at + 1:at + 8]
    assert len(values) == 7 and all(re.fullmatch(r"\d+", v) for v in values)
    del lines[at + 1:at + 8]
    first = lines.index("一、本年新收政府信息公开申请数量")
    lines[first:first] = values  # the numbers now stand at the table's head, before its first row
    got = map_document(read_text("\n".join(lines), "导出.txt"))
    t3 = FORMAT_2021.table("三")
    kinds = {got.cells[("三", "carried_forward", c.id)].kind for c in t3.columns}
    assert "blank" not in kinds
    for key, cell in got.cells.items():
        if cell.kind == "number":
            assert rep.cells[key].kind == "number" and cell.value == rep.cells[key].value, key


def test_table_4_parts_printed_out_of_order_in_plain_text_are_not_shifted_into_a_blank_part():
    """Plain pdftotext of table 四 printed as three captioned parts, 未经复议直接起诉 left blank: the blank part leaves
    no line, and the 行政复议 numbers come out after the 未经复议直接起诉 caption (columns printed out of order).
    A caption followed by another caption with no row between cannot tell whose the next numbers are: they stay
    unread, the blank part never gets numbers; the 复议后起诉 row under its own caption is read."""
    values = consistent_values(random.Random(3), 9)
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    cols = ("upheld", "corrected", "other_result", "pending", "total")
    blank = [("四", "cases", f"lawsuit_direct_{c}") for c in cols]
    rep = report_from_values({k: v for k, v in values.items() if k not in blank}, blanks=blank, title=TITLE)
    lines = cell_per_line(write_html(rep)).split("\n")
    at = lines.index("四、政府信息公开行政复议、行政诉讼情况") + 1
    end = lines.index("五、存在的主要问题及改进情况")
    review = [str(values[("四", "cases", f"review_{c}")]) for c in cols]
    after = [str(values[("四", "cases", f"lawsuit_after_review_{c}")]) for c in cols]
    lines[at:end] = (["四、政府信息公开行政复议、行政诉讼情况", "行政复议", *heads, "行政诉讼", "未经复议直接起诉", *heads[:4],
                      *review, "复议后起诉", *heads, *after])
    got = map_document(read_text("\n".join(lines), "导出.txt"))
    for c in cols:
        assert got.cells[("四", "cases", f"lawsuit_direct_{c}")].kind != "number", c
        assert got.cells[("四", "cases", f"review_{c}")].kind != "number", c
        assert (got.cells[("四", "cases", f"lawsuit_after_review_{c}")].kind,
                got.cells[("四", "cases", f"lawsuit_after_review_{c}")].value) == (
                    "number", values[("四", "cases", f"lawsuit_after_review_{c}")]), c


@pytest.mark.parametrize("seed", range(4))
def test_numbers_one_line_below_their_labels_around_a_bare_label_are_unread_not_shifted(seed):
    """pdftotext -layout of a browser's print where a group cell pushes the numbers down a line:
    "4.保护第三方合法权益" alone, then "5.属于三类内部事务信息" with row 4's numbers, then row 5's numbers on a line
    without label.  Row 5 must not take row 4's numbers (the group's sums are the same either way): both rows are
    unread, every number read anywhere is right."""
    rep = _report(seed)
    lines = layout_text(rep, random.Random(seed)).split("\n")
    four = next(k for k, line in enumerate(lines) if "保护第三方" in line)
    five = next(k for k, line in enumerate(lines) if "三类内部事务" in line)
    assert five == four + 1
    at = 40  # layout_text's value columns start here
    label4, values4 = lines[four][:at].rstrip(), lines[four][at:]
    label5, values5 = lines[five][:at], lines[five][at:]
    lines[four:five + 1] = [label4, label5 + values4, " " * at + values5]
    got = map_document(read_text("\n".join(lines), "导出.txt"))
    for key, cell in got.cells.items():
        if cell.kind == "number":
            assert rep.cells[key].kind == "number" and cell.value == rep.cells[key].value, key
    for row in ("withheld_third_party_rights", "withheld_internal_affairs"):
        kinds = {got.cells[("三", row, c.id)].kind for c in FORMAT_2021.table("三").columns}
        assert "blank" not in kinds and "number" not in kinds, (row, kinds)
    assert "P03" in {n.code for n in got.notes}


@pytest.mark.parametrize("seed", range(4))
def test_a_row_whose_other_numbers_stand_scattered_below_is_not_blank(seed):
    """pdftotext -layout of an unruled print: "1.本机关不掌握相关政府信息" keeps its first two numbers on its line,
    the others stand alone on lines further down, each under its column.  The row's other cells are not blank
    (numbers of the table are left unplaced): unread, and every number read anywhere is right."""
    rep = _report(seed)
    lines = layout_text(rep, random.Random(seed)).split("\n")
    at = next(k for k, line in enumerate(lines) if "本机关不掌握" in line)
    start = 40 + (4 if len(lines[at]) > 40 + 7 * 8 else 0)  # layout_text's value columns
    values = lines[at][start:]
    lines[at] = lines[at][:start] + values[:16]
    lines[at + 1:at + 1] = [" " * (start + 8 * k) + values[8 * k:8 * k + 8] for k in range(2, 7)]
    got = map_document(read_text("\n".join(lines), "导出.txt"))
    for key, cell in got.cells.items():
        if cell.kind == "number":
            assert rep.cells[key].kind == "number" and cell.value == rep.cells[key].value, key
    for c in FORMAT_2021.table("三").columns:
        assert got.cells[("三", "unavailable_not_held", c.id)].kind != "blank", c.id
    # the unread cells may be among the unplaced numbers: C03 warns, it does not call the columns absent
    assert not [f.message for f in audit(got) if f.code == "C03" and f.severity == "error"]


@pytest.mark.parametrize("gap", [None, " ", "   "])
def test_a_fee_printed_as_a_lone_mark_after_spaces_is_not_applicable(gap):
    """Space-aligned text (or pdftotext -layout) of a report whose fee cell is "/": the line is the label, spaces
    and the mark alone ("行政事业性收费   /", under its column or after a single space below its header line as
    pdftotext prints a narrow table).  The cell is not applicable, not blank; a row of several cells printed with
    one mark stays unread."""
    rep = report_from_values(consistent_values(random.Random(2), 60), not_applicable=[FEE], title=TITLE)
    lines = layout_text(rep, random.Random(2)).split("\n")
    fee = next(k for k, line in enumerate(lines) if "行政事业性收费" in line)
    first = next(k for k, line in enumerate(lines) if "一、本年新收" in line)
    assert lines[fee].rstrip().endswith(" /")
    if gap is not None:
        lines[fee:fee + 1] = ["第二十条第（八）项", "信息内容    本年收费金额（单位：万元）", "行政事业性收费" + gap + "/"]
        lines[first + 2] = "一、本年新收政府信息公开申请数量" + gap + "/"
    else:
        lines[first] = lines[first][:40] + " " * 8 + "/"
    got = map_document(read_text("\n".join(lines), "导出.txt"))
    assert (got.cells[FEE].kind, got.cells[FEE].raw) == ("not_applicable", "/")
    for c in FORMAT_2021.table("三").columns:
        assert got.cells[("三", "received", c.id)].kind not in ("number", "not_applicable"), c.id


@pytest.mark.parametrize("seed", range(3))
def test_digits_wrapped_inside_left_aligned_cells_in_layout_text_are_one_number(seed):
    """pdftotext -layout of a LibreOffice PDF whose narrow left-aligned cells wrapped their numbers: the row's line
    holds "1503" where 15033 is printed, the next line (with the rest of the wrapped label) the "3" in the same
    column.  The cell reads 15033 — never the truncated 1503 — and the lower line is no row of its own."""
    rep = _report(seed, 5000)
    lines = layout_text(rep, random.Random(seed)).split("\n")
    at = next(k for k, line in enumerate(lines) if "本年新收" in line)
    t3 = FORMAT_2021.table("三")
    values = [str(rep.cells[("三", "received", c.id)].value) for c in t3.columns]
    wrapped = {0, len(values) - 1}  # the first column and 总计 wrap their last digit
    heads = [v[:-1] if k in wrapped and len(v) >= 2 else v for k, v in enumerate(values)]
    tails = [v[len(h):] for h, v in zip(heads, values)]
    lines[at] = "一、本年新收政府信" + " " * 31 + "".join(h.ljust(8) for h in heads).rstrip()
    lower = "息公开申请数量" + " " * 33
    for k, tail in enumerate(tails):
        lower = lower.ljust(40 + 8 * k) + tail
    lines.insert(at + 1, lower.rstrip())
    got = map_document(read_text("\n".join(lines), "导出.txt"))
    assert any(tails), "the fixture must wrap some number"
    for c, v in zip(t3.columns, values):
        assert (got.cells[("三", "received", c.id)].kind, got.cells[("三", "received", c.id)].value) == (
            "number", int(v)), c.id
    for key, cell in got.cells.items():
        if cell.kind == "number":
            assert rep.cells[key].kind == "number" and cell.value == rep.cells[key].value, key


@pytest.mark.parametrize("seed", range(3))
def test_a_label_wrapped_after_its_numbers_keeps_its_row(seed):
    """pdftotext -layout of a narrow table: "行政规范性文  0  1  2" then "件" on the next line, then 行政许可 printed
    without a number.  The numbers are 行政规范性文件's (not 行政许可's, whose label follows), and 行政许可 is blank."""
    licensing = ("二", "licensing", "decisions")
    values = consistent_values(random.Random(seed), 60)
    rep = report_from_values({k: v for k, v in values.items() if k != licensing}, blanks=[licensing], title=TITLE)
    lines = layout_text(rep, random.Random(seed)).split("\n")
    at = next(k for k, line in enumerate(lines) if "行政规范性文件" in line)
    lines[at:at + 1] = [lines[at].replace("行政规范性文件", "行政规范性文 "), "  件"]
    got = map_document(read_text("\n".join(lines), "导出.txt"))
    for c in ("issued", "repealed", "in_force"):
        key = ("二", "normative_documents", c)
        assert (got.cells[key].kind, got.cells[key].value) == ("number", values[key]), key
    assert got.cells[licensing].kind == "blank"
    assert not [f.message for f in audit(got) if f.code == "C03"]


@pytest.mark.parametrize("seed", range(4))
def test_two_labels_on_lines_of_their_own_then_their_numbers_are_never_given_to_the_lower_label(seed):
    """A browser's print whose cells sit at different heights, as pdftotext -layout gives it: two rows' labels on
    lines of their own, then the rows' numbers on lines without a label.  Read by "the label just above",
    the lower row took the upper row's numbers; the first run could be either row's, so it stays unread."""
    rep = report_from_values(consistent_values(random.Random(seed), 60), title=TITLE)
    lines = layout_text(rep, random.Random(seed)).split("\n")
    t3 = FORMAT_2021.table("三")
    upper, lower = t3.row("unavailable_not_held"), t3.row("unavailable_needs_creation")

    def at(row):
        return next(k for k, line in enumerate(lines) if row.label.split(".", 1)[1][:8] in line and re.search(r"\d\s*$", line))

    def values(row):
        return "   ".join(str(rep.cells[("三", row.id, c.id)].raw) for c in t3.columns)

    i, j = at(upper), at(lower)
    assert j == i + 1
    lines[i:j + 1] = ["      " + upper.label.split("（四）")[-1].strip(), "      " + lower.label.split("（四）")[-1].strip(),
                      " " * 40 + values(upper), " " * 40 + values(lower)]
    got = map_document(read_text("\n".join(lines), "print.txt"))
    for c in t3.columns:
        cell = got.cells[("三", lower.id, c.id)]
        if cell.kind == "number":
            assert cell.value == rep.cells[("三", lower.id, c.id)].value, c.id
        cell = got.cells[("三", upper.id, c.id)]
        if cell.kind == "number":
            assert cell.value == rep.cells[("三", upper.id, c.id)].value, c.id
